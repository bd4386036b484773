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
from gateway.sources.limbobeat.client import LimbobeatClient, SendTaskFilter
from gateway.sources.limbobeat.loaders import SendTaskByIdLoader
from gateway.sources.limbobeat.payloads import SendTaskPayload
from schema.pagination import check_first, connection, decode_cursor, page_window, slice_window


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


@strawberry.type(description="A delivery of one product to one DSP, in limbo/Beat.")
class SendTask(relay.Node):
    key: relay.NodeID[str]
    deliverable: bool
    delivery_type: str
    status: SendTaskStatus
    status_raw: str = strawberry.field(description="The status exactly as limbo/Beat spells it.")
    priority: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    ack_status_message: JSON | None
    message_id: str | None
    batch_id: str | None
    created_by: str | None

    @strawberry.field(description="The send task's id in limbo/Beat.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @classmethod
    def from_payload(cls, payload: SendTaskPayload) -> Self:
        a = payload.attributes
        return cls(
            key=payload.id,
            deliverable=a.deliverable,
            delivery_type=a.delivery_type,
            status=STATUS_FROM_WIRE.get(a.status, SendTaskStatus.UNKNOWN),
            status_raw=a.status,
            priority=a.priority,
            created_at=a.created_at,
            updated_at=a.updated_at,
            ack_status_message=a.ack_status_message,
            message_id=a.message_id,
            batch_id=a.batch_id,
            created_by=a.created_by,
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


@strawberry.input(description="Filters of `sendTasks`; all given ones must match.")
class SendTaskFilterInput:
    ids: list[strawberry.ID] | None = None
    statuses: list[SendTaskStatus] | None = None

    def to_filter(self) -> SendTaskFilter:
        return SendTaskFilter(
            ids=[str(i) for i in self.ids or ()],
            statuses=[STATUS_TO_WIRE[s] for s in self.statuses or () if s in STATUS_TO_WIRE],
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
