"""limbo/Beat's send tasks; what they deliver, and where, is in `products.py`."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import Any, Self, TypeVar

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.sources.limbobeat.client import LimbobeatClient
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
from schema.graph.limits.cost import Site, batch_calls, cost
from schema.graph.resolving import later
from schema.graph.task import Task, TaskFacts
from schema.limbobeat.enums import (
    DELIVERY_TYPE_FROM_WIRE,
    STATUS_FROM_WIRE,
    SendTaskDeliveryType,
    SendTaskStatus,
)
from schema.limbobeat.products import DspUploadIdentification, Product
from schema.limbobeat.states import STATES

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


def parse_wire_time(raw: str | None) -> dt.datetime | None:
    """Either time form limbo/Beat uses (an ISO or space-separated time, or 17 digits)."""
    return parse_sent_on(raw) or parse_send_date(raw)


def parse_sent_on(raw: str | None) -> dt.datetime | None:
    """The 17-digit `yyyyMMddHHmmssSSS` form as UTC; the UUID form (creates) has no time."""
    if raw is None or len(raw) != 17 or not (raw.isascii() and raw.isdigit()):
        return None
    # Sliced by hand: strptime costs more than the rest of a send task's fields together.
    parts = (raw[0:4], raw[4:6], raw[6:8], raw[8:10], raw[10:12], raw[12:14], raw[14:17])
    year, month, day, hour, minute, second, millis = (int(part) for part in parts)
    try:
        return dt.datetime(year, month, day, hour, minute, second, millis * 1000, tzinfo=dt.UTC)
    except ValueError:
        return None


def reads(site: Site) -> int:
    """Calls one read of send tasks takes: two while the client does not know (not yet, or no
    longer: what it learnt expires) whether limbo/Beat honours `include=` (it asks, and asks
    again without on a refusal), then one."""
    client = site.client(LimbobeatClient)
    return 2 if client is None or client.linkage.include_honoured is None else 1


def _related(site: Site) -> int:
    """Worst case: one relationship call per task (no linkage, nothing cached), then the
    related resources by id, batched (the relationship calls of a batch answer together)."""
    settings = site.settings.limbobeat
    lookups = batch_calls(site.objects, settings.max_batch_size, settings.page_size_cap)
    return site.objects + lookups


@strawberry.type(description="A delivery of one product to one DSP, in limbo/Beat.")
class SendTask(Task):
    key: relay.NodeID[str]
    deliverable: bool = strawberry.field(
        description="True: delivery starts (or started); false: it waits, PENDING."
    )
    delivery_type: SendTaskDeliveryType = strawberry.field(
        description="What the delivery does at the DSP; UNKNOWN for a type this gateway does "
        "not know (see `deliveryTypeRaw`)."
    )
    delivery_type_raw: str = strawberry.field(
        description="The delivery type exactly as limbo/Beat spells it."
    )
    status: SendTaskStatus = strawberry.field(
        description="Where the delivery is; UNKNOWN for a status this gateway does not know "
        "(see `statusRaw`)."
    )
    status_raw: str = strawberry.field(
        description="The status exactly as limbo/Beat spells it (`procesing`, sic)."
    )
    priority: str | None = strawberry.field(
        description="limbo/Beat's priority word (only `normal` is documented)."
    )
    send_date: dt.datetime | None = strawberry.field(
        description="When the delivery was sent: `sendDateRaw` read as UTC (limbo/Beat sends "
        "no zone); null when absent or unreadable."
    )
    send_date_raw: str | None = strawberry.field(
        description="The send date exactly as limbo/Beat sends it (`YYYY-MM-DD HH:MM:SS`)."
    )
    batch_id: strawberry.ID | None = strawberry.field(
        description="The delivery batch (a UUID) once the delivery ran."
    )
    ack_status_message: JSON | None = strawberry.field(
        description='The DSP\'s DDEX ACK summary, e.g. {"FileStatus": ["FileOK"]}.'
    )
    sent_at: dt.datetime | None = strawberry.field(
        description="limbo/Beat's `sent-at` read as a UTC time (undocumented: always null in "
        "its examples); null when absent or unreadable, see `sentAtRaw`."
    )
    sent_at_raw: str | None = strawberry.field(
        description="`sent-at` exactly as limbo/Beat sends it."
    )
    packaged_by: str | None = strawberry.field(description="Who packaged the delivery.")
    sent_by: str | None = strawberry.field(description="Who sent the delivery.")
    message_id: strawberry.ID | None = strawberry.field(
        description="The DDEX message id (starts with the sender's DPID)."
    )
    sent_on: dt.datetime | None = strawberry.field(
        description="`sentOnRaw` as a UTC time when it has the 17-digit form; null for the "
        "UUID form (creates and updates answer with one)."
    )
    sent_on_raw: str | None = strawberry.field(
        description="`sent-on` exactly as limbo/Beat sends it: 17 digits (yyyyMMddHHmmssSSS) "
        "or a UUID."
    )
    created_by: str | None = strawberry.field(
        description="Who created the send task (e.g. `robot`)."
    )
    sent_on_behalf_of_name: str | None = strawberry.field(
        description="The contact party's name the delivery is sent on behalf of."
    )
    sent_on_behalf_of_dpid: str | None = strawberry.field(
        description="The contact party's DDEX party id (DPID)."
    )
    created_at: dt.datetime = strawberry.field(description="When it was created (UTC).")
    updated_at: dt.datetime = strawberry.field(description="When it last changed (UTC).")
    product_id: strawberry.Private[str | None]
    dsp_upload_identification_id: strawberry.Private[str | None]
    # The related resources themselves when the read was a compound document (`include=`).
    included_product: strawberry.Private[ProductPayload | None] = None
    included_dsp: strawberry.Private[DspUploadIdentificationPayload | None] = None
    # Related objects a page loaded for all its tasks at once, by field name.
    prefetched: strawberry.Private[dict[str, Any]] = dataclasses.field(default_factory=dict)

    def task_facts(self) -> TaskFacts:
        return TaskFacts(
            states=STATES,
            title=f"{self.delivery_type_raw.capitalize()} of send task {self.key}",
            source_status=self.status_raw,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )

    @strawberry.field(description="The send task's id in limbo/Beat.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @strawberry.field(
        metadata=cost(_related), description="The product delivered; batched with its siblings."
    )
    def product(self, info: Info) -> Product | None:
        # Plain, not async: a page's tasks usually have theirs at hand (schema/limbobeat/related).
        if "product" in self.prefetched:
            return self.prefetched["product"]  # type: ignore[no-any-return]
        return later(self.load_product(info))

    async def load_product(self, info: Info) -> Product | None:
        if self.included_product is not None:
            return Product.from_payload(self.included_product)
        product_id = await self._related_id(info, "product", self.product_id)
        if product_id is None:
            return None
        payload = await info.context.loader(ProductByIdLoader).load(product_id)
        return Product.from_payload(payload) if payload is not None else None

    @strawberry.field(
        metadata=cost(_related), description="The DSP delivered to; batched with its siblings."
    )
    def dsp_upload_identification(self, info: Info) -> DspUploadIdentification | None:
        if "dspUploadIdentification" in self.prefetched:
            return self.prefetched["dspUploadIdentification"]  # type: ignore[no-any-return]
        return later(self.load_dsp(info))

    async def load_dsp(self, info: Info) -> DspUploadIdentification | None:
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
            batch_id=strawberry.ID(a.batch_id) if a.batch_id is not None else None,
            ack_status_message=a.ack_status_message,
            sent_at=parse_wire_time(a.sent_at),
            sent_at_raw=a.sent_at,
            packaged_by=a.packaged_by,
            sent_by=a.sent_by,
            message_id=strawberry.ID(a.message_id) if a.message_id is not None else None,
            sent_on=parse_sent_on(a.sent_on),
            sent_on_raw=a.sent_on,
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


@strawberry.type(description="A page of send tasks.")
class SendTaskConnection(relay.Connection[SendTask]):
    total_count: int = strawberry.field(description="How many send tasks match the filter.")
