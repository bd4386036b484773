"""Send tasks (limbo/Beat): deliveries of a product to one DSP."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import Enum
from typing import Any, Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.sources.limbobeat.client import LimbobeatClient, SendTaskFilter
from gateway.sources.limbobeat.loaders import (
    DspUploadIdentificationByIdLoader,
    ProductByIdLoader,
    RelatedIdBySendTaskLoader,
    SendTaskByIdLoader,
)
from gateway.sources.limbobeat.payloads import SendTaskPayload
from schema.pagination import check_first, connection, decode_cursor, page_window, slice_window
from schema.products import DspUploadIdentification, Product
from schema.task_interface import Task, TaskFacts
from schema.task_states import TaskSource


@strawberry.enum(description="Where a send task is in its delivery lifecycle.")
class SendTaskStatus(Enum):
    PENDING = "pending"
    WAITING = "waiting"
    PROCESSING = "processing"
    COMPLETED = "completed"
    ERROR = "error"
    UNKNOWN = "unknown"


# The upstream spells `procesing` with one "s"; the correct spelling is accepted too.
STATUS_FROM_WIRE = {
    "pending": SendTaskStatus.PENDING,
    "waiting": SendTaskStatus.WAITING,
    "procesing": SendTaskStatus.PROCESSING,
    "processing": SendTaskStatus.PROCESSING,
    "completed": SendTaskStatus.COMPLETED,
    "error": SendTaskStatus.ERROR,
}
STATUS_TO_WIRE = {
    SendTaskStatus.PENDING: "pending",
    SendTaskStatus.WAITING: "waiting",
    SendTaskStatus.PROCESSING: "procesing",
    SendTaskStatus.COMPLETED: "completed",
    SendTaskStatus.ERROR: "error",
}


@strawberry.enum(description="What a send task does at the DSP.")
class SendTaskDeliveryType(Enum):
    DELIVERY = "delivery"
    UPDATE = "update"
    REDELIVERY = "redelivery"
    DELETE = "delete"
    UNKNOWN = "unknown"


DELIVERY_TYPE_FROM_WIRE = {t.value: t for t in SendTaskDeliveryType}


def delivery_type_to_wire(value: SendTaskDeliveryType) -> str:
    if value is SendTaskDeliveryType.UNKNOWN:
        raise BadUserInput("UNKNOWN is not a delivery type limbo/Beat accepts")
    return str(value.value)


def status_to_wire(value: SendTaskStatus) -> str:
    if value is SendTaskStatus.UNKNOWN:
        raise BadUserInput("UNKNOWN is not a status limbo/Beat accepts")
    return STATUS_TO_WIRE[value]


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
        product_id = await self._related_id(info, "product", self.product_id)
        if product_id is None:
            return None
        payload = await info.context.loader(ProductByIdLoader).load(product_id)
        return Product.from_payload(payload) if payload is not None else None

    @strawberry.field(description="The DSP delivered to; batched with its siblings.")
    async def dsp_upload_identification(self, info: Info) -> DspUploadIdentification | None:
        dsp_id = await self._related_id(
            info, "dsp-upload-identification", self.dsp_upload_identification_id
        )
        if dsp_id is None:
            return None
        payload = await info.context.loader(DspUploadIdentificationByIdLoader).load(dsp_id)
        return DspUploadIdentification.from_payload(payload) if payload is not None else None

    async def _related_id(self, info: Info, name: str, known: str | None) -> str | None:
        # Decision: the id comes from the read's resource linkage (`relationships.<name>.data`)
        # when present; the reference shows links only, so without it we fall back to the
        # relationship endpoint, one call per task (`include` is undocumented).
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
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        payloads = await info.context.loader(SendTaskByIdLoader).load_many(list(node_ids))
        return [cls.from_payload(p) if p is not None else None for p in payloads]


@strawberry.type
class SendTaskConnection(relay.Connection[SendTask]):
    total_count: int = strawberry.field(description="How many send tasks match the filter.")


# One page of ids per filter: the upstream's page-size cap (reference: page size, ASSUMPTION 200).
MAX_FILTER_IDS = 200


@strawberry.input(description="Filters of `sendTasks`; all given ones must match.")
class SendTaskFilterInput:
    ids: list[strawberry.ID] | None = None
    product_id: strawberry.ID | None = None
    statuses: list[SendTaskStatus] | None = None
    delivery_type: SendTaskDeliveryType | None = None
    dsp_upload_identification_id: strawberry.ID | None = None
    created_after: dt.date | None = strawberry.field(
        default=None, description="Created on or after this day (UTC)."
    )
    created_before: dt.date | None = strawberry.field(
        default=None, description="Created on or before this day (UTC)."
    )

    def to_filter(self) -> SendTaskFilter:
        if len(self.ids or ()) > MAX_FILTER_IDS:
            raise BadUserInput(
                f"`filter.ids` takes at most {MAX_FILTER_IDS} ids", argument="filter.ids"
            )
        return SendTaskFilter(
            ids=[str(i) for i in self.ids or ()],
            product_id=str(self.product_id) if self.product_id is not None else None,
            statuses=[status_to_wire(s) for s in self.statuses or ()],
            delivery_type=delivery_type_to_wire(self.delivery_type)
            if self.delivery_type is not None
            else None,
            dsp_upload_identification_id=str(self.dsp_upload_identification_id)
            if self.dsp_upload_identification_id is not None
            else None,
            created_at_gte=self.created_after.isoformat() if self.created_after else None,
            created_at_lte=self.created_before.isoformat() if self.created_before else None,
        )


@strawberry.type
class SendTasksQuery:
    @strawberry.field(description="Send tasks in limbo/Beat's order (ascending id).")
    async def send_tasks(
        self,
        info: Info,
        filter: SendTaskFilterInput | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> SendTaskConnection | None:
        client = info.context.clients.get(LimbobeatClient)
        limit = check_first(first)
        offset = decode_cursor("sendTasks", after)
        upstream_filter = filter.to_filter() if filter else SendTaskFilter()
        pages: list[tuple[tuple[int, int], Any]] = []
        total = 0
        for number, size in page_window(offset, limit, client.settings.page_size_cap):
            page = await client.list_send_tasks(upstream_filter, page_number=number, page_size=size)
            pages.append(((number, size), page.data))
            total = page.meta.page.total
        items = slice_window(pages, offset, limit)
        return connection(
            SendTaskConnection,
            "sendTasks",
            [SendTask.from_payload(p) for p in items],
            offset=offset,
            has_next_page=offset + len(items) < total,
            total_count=total,
        )

    @strawberry.field(
        description="One send task by its limbo/Beat id; null when it does not exist."
    )
    async def send_task(self, info: Info, id: strawberry.ID) -> SendTask | None:
        payload = await info.context.loader(SendTaskByIdLoader).load(str(id))
        return SendTask.from_payload(payload) if payload is not None else None
