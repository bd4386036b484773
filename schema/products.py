"""limbo/Beat's catalogue as send tasks see it: products and DSP upload identifications."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.sources.limbobeat.loaders import DspUploadIdentificationByIdLoader, ProductByIdLoader
from gateway.sources.limbobeat.payloads import DspUploadIdentificationPayload, ProductPayload


@strawberry.enum(description="Where a product is in limbo/Beat; only ACTIVE ones can be sent.")
class ProductStatus(Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    UNKNOWN = "unknown"


def parse_date(value: str | None) -> dt.date | None:
    """A `YYYY-MM-DD` wire date; anything unreadable is None rather than a failed field."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


@strawberry.type(description="A release in limbo/Beat, the thing a send task delivers.")
class Product(relay.Node):
    key: relay.NodeID[str]
    name: str | None
    upc_code: str | None
    status: ProductStatus
    status_raw: str | None = strawberry.field(description="The status as limbo/Beat spells it.")
    release_date: dt.date | None
    front_cover: str | None
    copyright_line: str | None
    production_line: str | None
    production_year: int | None
    created_at: dt.datetime | None
    updated_at: dt.datetime | None

    @strawberry.field(description="The product's id in limbo/Beat.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @classmethod
    def from_payload(cls, payload: ProductPayload) -> Self:
        a = payload.attributes
        known = {s.value: s for s in ProductStatus}
        return cls(
            key=payload.id,
            name=a.name,
            upc_code=a.upc_code,
            status=known.get(a.status or "", ProductStatus.UNKNOWN),
            status_raw=a.status,
            release_date=parse_date(a.release_date),
            front_cover=a.front_cover,
            copyright_line=a.copyright_line,
            production_line=a.production_line,
            production_year=a.production_year,
            created_at=a.created_at,
            updated_at=a.updated_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        payloads = await info.context.loader(ProductByIdLoader).load_many(list(node_ids))
        return [cls.from_payload(p) if p is not None else None for p in payloads]


@strawberry.type(description="One delivery option of a DSP configuration.")
class DspUploadOption:
    name: str
    label: str | None
    hint: str | None
    format: str | None
    type: str | None
    value: JSON | None


@strawberry.type(description="A distributor's delivery configuration for one DSP.")
class DspUploadIdentification(relay.Node):
    key: relay.NodeID[str]
    dsp_name: str | None
    options: list[DspUploadOption]
    created_at: dt.datetime | None
    updated_at: dt.datetime | None

    @strawberry.field(description="The DSP upload identification's id in limbo/Beat.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @classmethod
    def from_payload(cls, payload: DspUploadIdentificationPayload) -> Self:
        a = payload.attributes
        return cls(
            key=payload.id,
            dsp_name=a.dsp_name,
            options=[
                DspUploadOption(
                    name=o.name,
                    label=o.label,
                    hint=o.hint,
                    format=o.format,
                    type=o.type,
                    value=o.value,
                )
                for o in a.options
            ],
            created_at=a.created_at,
            updated_at=a.updated_at,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        loader = info.context.loader(DspUploadIdentificationByIdLoader)
        payloads = await loader.load_many(list(node_ids))
        return [cls.from_payload(p) if p is not None else None for p in payloads]
