"""What a send task delivers and where (limbo/Beat): products and DSP configurations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.sources.limbobeat.loaders import DspUploadIdentificationByIdLoader, ProductByIdLoader
from gateway.sources.limbobeat.payloads import DspUploadIdentificationPayload, ProductPayload
from schema.limbobeat.enums import ProductStatus


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
    name: str | None = strawberry.field(description="The release's title.")
    upc_code: str | None = strawberry.field(
        description="The release's UPC barcode, as text (leading zeros kept)."
    )
    status: ProductStatus = strawberry.field(
        description="DRAFT or ACTIVE; UNKNOWN for a status this gateway does not know."
    )
    status_raw: str | None = strawberry.field(description="The status as limbo/Beat spells it.")
    release_date: dt.date | None = strawberry.field(description="The day of release.")
    front_cover: str | None = strawberry.field(description="The cover image's URL.")
    copyright_line: str | None = strawberry.field(
        description="The © (copyright) line of the release."
    )
    production_line: str | None = strawberry.field(
        description="The ℗ (production) line of the release."
    )
    production_year: int | None = strawberry.field(description="The year of production.")
    created_at: dt.datetime | None = strawberry.field(description="When it was created (UTC).")
    updated_at: dt.datetime | None = strawberry.field(description="When it last changed (UTC).")

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
    name: str = strawberry.field(description="The option's key.")
    label: str | None = strawberry.field(description="The option's name for people.")
    hint: str | None = strawberry.field(description="Help text for the option.")
    format: str | None = strawberry.field(description="The expected format of `value`.")
    type: str | None = strawberry.field(description="The option's kind, as limbo/Beat names it.")
    value: JSON | None = strawberry.field(description="The configured value, any JSON.")


@strawberry.type(description="A distributor's delivery configuration for one DSP.")
class DspUploadIdentification(relay.Node):
    key: relay.NodeID[str]
    dsp_name: str | None = strawberry.field(
        description="The DSP (digital service provider) delivered to, e.g. a streaming store."
    )
    options: list[DspUploadOption] = strawberry.field(
        description="The delivery options, in limbo/Beat's order."
    )
    created_at: dt.datetime | None = strawberry.field(description="When it was created (UTC).")
    updated_at: dt.datetime | None = strawberry.field(description="When it last changed (UTC).")

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
