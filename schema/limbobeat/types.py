"""limbo/Beat's types: send tasks, and the products and DSP configurations they deliver."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Self, TypeVar

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.sources.limbobeat.loaders import (
    DspUploadIdentificationByIdLoader,
    ProductByIdLoader,
    RelatedIdBySendTaskLoader,
    SendTaskByIdLoader,
)
from gateway.sources.limbobeat.payloads import (
    DspUploadIdentificationPayload,
    ProductPayload,
    SendTaskPayload,
)
from schema.graph.task import Task, TaskFacts
from schema.graph.task_states import TaskSource
from schema.limbobeat.enums import (
    DELIVERY_TYPE_FROM_WIRE,
    STATUS_FROM_WIRE,
    ProductStatus,
    SendTaskDeliveryType,
    SendTaskStatus,
)

M = TypeVar("M")

def parse_send_date(raw: str | None) -> dt.datetime | None:
    """`YYYY-MM-DD HH:MM:SS` with no zone (reference: SendTask resource), read as UTC."""
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def parse_sent_on(raw: str | None) -> dt.datetime | None:
    """The 17-digit `yyyyMMddHHmmssSSS` form as UTC; the UUID form (creates) has no time."""
    if raw is None or len(raw) != 17 or not raw.isdigit():
        return None
    try:
        moment = dt.datetime.strptime(raw[:14], "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return moment + dt.timedelta(milliseconds=int(raw[14:]))


@strawberry.type(description="A delivery of one product to one DSP, in limbo/Beat.")
class SendTask(Task):
    key: relay.NodeID[str]
    deliverable: bool = strawberry.field(description="True: delivery starts (or started).")
    delivery_type: SendTaskDeliveryType
    delivery_type_raw: str = strawberry.field(description="The delivery type as on the wire.")
    status: SendTaskStatus
    status_raw: str = strawberry.field(description="The status exactly as limbo/Beat spells it.")
    priority: str | None
    send_date: dt.datetime | None = strawberry.field(
        description="`sendDateRaw` read as UTC (the upstream sends no zone)."
    )
    send_date_raw: str | None
    batch_id: str | None
    ack_status_message: JSON | None = strawberry.field(description="The DSP's DDEX ACK summary.")
    sent_at: str | None
    packaged_by: str | None
    sent_by: str | None
    message_id: str | None = strawberry.field(description="The DDEX message id.")
    sent_on: str | None = strawberry.field(
        description="As on the wire: 17 digits (yyyyMMddHHmmssSSS) or a UUID."
    )
    sent_on_time: dt.datetime | None = strawberry.field(
        description="`sentOn` as a UTC time when it has the 17-digit form, else null."
    )
    created_by: str | None
    sent_on_behalf_of_name: str | None
    sent_on_behalf_of_dpid: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    product_id: strawberry.Private[str | None]
    dsp_upload_identification_id: strawberry.Private[str | None]
    # The related resources themselves when the read was a compound document (`include=`).
    included_product: strawberry.Private[ProductPayload | None] = None
    included_dsp: strawberry.Private[DspUploadIdentificationPayload | None] = None

    def task_facts(self) -> TaskFacts:
        return TaskFacts(
            source=TaskSource.LIMBOBEAT,
            title=f"{self.delivery_type_raw.capitalize()} of send task {self.key}",
            source_status=self.status_raw,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )

    @strawberry.field(description="The send task's id in limbo/Beat.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @strawberry.field(description="The product delivered; batched with its siblings.")
    async def product(self, info: Info) -> Product | None:
        if self.included_product is not None:
            return Product.from_payload(self.included_product)
        product_id = await self._related_id(info, "product", self.product_id)
        if product_id is None:
            return None
        payload = await info.context.loader(ProductByIdLoader).load(product_id)
        return Product.from_payload(payload) if payload is not None else None

    @strawberry.field(description="The DSP delivered to; batched with its siblings.")
    async def dsp_upload_identification(self, info: Info) -> DspUploadIdentification | None:
        if self.included_dsp is not None:
            return DspUploadIdentification.from_payload(self.included_dsp)
        dsp_id = await self._related_id(
            info, "dsp-upload-identification", self.dsp_upload_identification_id
        )
        if dsp_id is None:
            return None
        payload = await info.context.loader(DspUploadIdentificationByIdLoader).load(dsp_id)
        return DspUploadIdentification.from_payload(payload) if payload is not None else None

    async def _related_id(self, info: Info, name: str, known: str | None) -> str | None:
        # From the read's resource linkage (`relationships.<name>.data`) when it carried any;
        # otherwise (the reference shows links only) from the relationship endpoint, through
        # the client's cross-request cache (gateway/sources/limbobeat/relationships.py).
        if known is not None:
            return known
        return await info.context.loader(RelatedIdBySendTaskLoader).load((self.key, name))

    @classmethod
    def from_payload(cls, payload: SendTaskPayload) -> Self:
        a = payload.attributes
        return cls(
            key=payload.id,
            deliverable=a.deliverable,
            delivery_type=DELIVERY_TYPE_FROM_WIRE.get(
                a.delivery_type, SendTaskDeliveryType.UNKNOWN
            ),
            delivery_type_raw=a.delivery_type,
            status=STATUS_FROM_WIRE.get(a.status, SendTaskStatus.UNKNOWN),
            status_raw=a.status,
            priority=a.priority,
            send_date=parse_send_date(a.send_date),
            send_date_raw=a.send_date,
            batch_id=a.batch_id,
            ack_status_message=a.ack_status_message,
            sent_at=a.sent_at,
            packaged_by=a.packaged_by,
            sent_by=a.sent_by,
            message_id=a.message_id,
            sent_on=a.sent_on,
            sent_on_time=parse_sent_on(a.sent_on),
            created_by=a.created_by,
            sent_on_behalf_of_name=a.sent_on_behalf_of_name,
            sent_on_behalf_of_dpid=a.sent_on_behalf_of_dpid,
            created_at=a.created_at,
            updated_at=a.updated_at,
            product_id=payload.related_id("product"),
            dsp_upload_identification_id=payload.related_id("dsp-upload-identification"),
            included_product=_included(payload, "product", ProductPayload),
            included_dsp=_included(
                payload, "dsp-upload-identification", DspUploadIdentificationPayload
            ),
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        payloads = await info.context.loader(SendTaskByIdLoader).load_many(list(node_ids))
        return [cls.from_payload(p) if p is not None else None for p in payloads]


def _included(payload: SendTaskPayload, name: str, model: type[M]) -> M | None:
    resource = payload.included(name)
    return resource if isinstance(resource, model) else None


@strawberry.type
class SendTaskConnection(relay.Connection[SendTask]):
    total_count: int = strawberry.field(description="How many send tasks match the filter.")


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
