"""Work items (Interchange storefront): human-in-the-loop steps of modular inventory sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.errors import GatewayError
from gateway.sources.interchange.client import WorkItemFilter
from gateway.sources.interchange.loaders import WorkItemByIdLoader
from gateway.sources.interchange.payloads import (
    WorkItemDetailPayload,
    WorkItemDocumentPayload,
    WorkItemEventPayload,
    WorkItemSummaryPayload,
)
from schema.graph.links import LinkedResource, resolve_resource
from schema.graph.scalars import SafeInt
from schema.graph.task import Task, TaskFacts
from schema.graph.task_states import TaskSource
from schema.graph.wire import enum_from_wire
from schema.interchange.enums import WorkItemKind, WorkItemStatus

KEY_SEPARATOR = "|"


def split_key(key: str) -> tuple[str, str] | None:
    """A node key is "sourceId|workItemId": the item id alone does not say which source."""
    source_id, separator, item_id = key.partition(KEY_SEPARATOR)
    if not (separator and source_id and item_id):
        return None
    return source_id, item_id


@strawberry.type(description="One entry of a work item's history.")
class WorkItemEvent:
    id: strawberry.ID
    work_item_id: strawberry.ID
    event_type: str
    actor_type: str | None
    actor_id: str | None
    notes: str | None
    payload: JSON | None
    created_at: dt.datetime

    @classmethod
    def from_payload(cls, payload: WorkItemEventPayload) -> Self:
        return cls(
            id=strawberry.ID(payload.id),
            work_item_id=strawberry.ID(payload.work_item_id),
            event_type=payload.event_type,
            actor_type=payload.actor_type,
            actor_id=payload.actor_id,
            notes=payload.notes,
            payload=JSON(payload.payload),
            created_at=payload.created_at,
        )


@strawberry.type(description="A step of a modular inventory source that a person must resolve.")
class WorkItem(Task):
    key: relay.NodeID[str]
    source_id: strawberry.ID = strawberry.field(
        description="The inventory source (path slug) the item was read from."
    )
    storefront_id: str
    inventory_source_id: str = strawberry.field(
        description="Interchange's internal id of the source; not the `sourceId` slug."
    )
    module_id: str | None
    title: str
    description: str | None
    status: WorkItemStatus | None = strawberry.field(
        description="Null when the upstream omits it and the filter did not pin one status."
    )
    kind: WorkItemKind | None = strawberry.field(
        description="Null when the upstream omits it and the filter did not pin one kind."
    )
    resource_type: str | None
    resource_id: str | None
    media_buy_id: str | None
    buyer_customer_id: SafeInt | None
    assigned_to: str | None
    due_at: dt.datetime | None
    blocked_reason: str | None
    created_by_type: str | None
    created_by_id: str | None
    completed_by: str | None
    completed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    required_result_fields: list[str] | None = strawberry.field(
        description="Keys `completeWorkItem`'s result must carry; only list reads have them "
        "(null when the item was read by id)."
    )
    # What the detail GET adds: payload/result (also in a completion answer) and events.
    _item: strawberry.Private[WorkItemDetailPayload | None] = None
    _detail: strawberry.Private[WorkItemDocumentPayload | None] = None

    @strawberry.field(
        description="The inventory list or send task this item is about, when the graph "
        "serves that kind of resource (see schema/links.py); null otherwise."
    )
    async def resource(self, info: Info) -> LinkedResource | None:
        return await resolve_resource(info, self.resource_type, self.resource_id)

    def _parts(self) -> tuple[str, str]:
        parts = split_key(self.key)
        assert parts is not None, "keys are built by from_payload"
        return parts

    def task_facts(self) -> TaskFacts:
        return TaskFacts(
            source=TaskSource.INTERCHANGE,
            title=self.title,
            source_status=self.status.value if self.status is not None else None,
            due_at=self.due_at,
            created_at=self.created_at,
            updated_at=self.updated_at,
            assignee=self.assigned_to,
        )

    @strawberry.field(description="The work item's id in Interchange.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self._parts()[1])

    @strawberry.field(description="Module-specific input of the item (one detail call if listed).")
    async def payload(self, info: Info) -> JSON | None:
        item = await self._load_item(info)
        return JSON(item.payload) if item else None

    @strawberry.field(description="What completion recorded (one detail call if listed).")
    async def result(self, info: Info) -> JSON | None:
        item = await self._load_item(info)
        return JSON(item.result) if item else None

    @strawberry.field(description="The item's history, oldest first (one detail call if listed).")
    async def events(self, info: Info) -> list[WorkItemEvent] | None:
        detail = await self._load_detail(info)
        return [WorkItemEvent.from_payload(e) for e in detail.events] if detail else None

    async def _load_item(self, info: Info) -> WorkItemDetailPayload | None:
        if self._item is None:
            detail = await self._load_detail(info)
            self._item = detail.item if detail else None
        return self._item

    async def _load_detail(self, info: Info) -> WorkItemDocumentPayload | None:
        # List items lack payload/result/events (reference: Quirks): the detail GET has them.
        if self._detail is None:
            self._detail = await info.context.loader(WorkItemByIdLoader).load(self._parts())
        return self._detail

    @classmethod
    def from_payload(
        cls,
        payload: WorkItemSummaryPayload | WorkItemDetailPayload,
        *,
        source_id: str,
        filter: WorkItemFilter | None = None,
        detail: WorkItemDocumentPayload | None = None,
    ) -> Self:
        """`filter` stands in for `status`/`kind` when the wire omits them (reference: Quirks)."""
        p = payload
        required = p.required_result_fields if isinstance(p, WorkItemSummaryPayload) else None
        pinned_status = filter.pinned_status if filter else None
        pinned_kind = filter.kind if filter else None
        return cls(
            key=f"{source_id}{KEY_SEPARATOR}{p.id}",
            source_id=strawberry.ID(source_id),
            storefront_id=p.storefront_id,
            inventory_source_id=p.inventory_source_id,
            module_id=p.module_id,
            title=p.title,
            description=p.description,
            status=enum_from_wire(WorkItemStatus, p.status or pinned_status, None),
            kind=enum_from_wire(WorkItemKind, p.kind or pinned_kind, None),
            resource_type=p.resource_type,
            resource_id=p.resource_id,
            media_buy_id=p.media_buy_id,
            buyer_customer_id=SafeInt(p.buyer_customer_id)
            if p.buyer_customer_id is not None
            else None,
            assigned_to=p.assigned_to,
            due_at=p.due_at,
            blocked_reason=p.blocked_reason,
            created_by_type=p.created_by_type,
            created_by_id=p.created_by_id,
            completed_by=p.completed_by,
            completed_at=p.completed_at,
            created_at=p.created_at,
            updated_at=p.updated_at,
            required_result_fields=required,
            _item=p if isinstance(p, WorkItemDetailPayload) else None,
            _detail=detail,
        )

    @classmethod
    def from_document(cls, document: WorkItemDocumentPayload, *, source_id: str) -> Self:
        return cls.from_payload(document.item, source_id=source_id, detail=document)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        keys = [split_key(node_id) for node_id in node_ids]
        valid = [key for key in keys if key is not None]
        documents = dict(
            zip(valid, await info.context.loader(WorkItemByIdLoader).load_many(valid), strict=True)
        )
        return [
            cls.from_document(doc, source_id=key[0])
            if key is not None and (doc := documents.get(key)) is not None
            else None
            for key in keys
        ]


@strawberry.type(description="How one inventory source answered a `workItems` query.")
class WorkItemSourceResult:
    source_id: strawberry.ID
    ok: bool
    error_code: str | None = strawberry.field(
        description="The failure's `extensions.code` when the source could not be read."
    )
    returned_count: int = strawberry.field(
        description="How many of this source's items are in `items`."
    )
    _total: strawberry.Private[int | None]
    _error: strawberry.Private[GatewayError | None]

    @strawberry.field(
        description="How many items of this source match; null (with an error naming the "
        "source) when it failed."
    )
    def total_count(self) -> SafeInt | None:
        if self._error is not None:
            raise self._error
        return SafeInt(self._total) if self._total is not None else None


@strawberry.type(description="Work items of several inventory sources, merged.")
class WorkItemList:
    items: list[WorkItem] = strawberry.field(
        description="Oldest first (createdAt, then source and id), at most `limit` in all."
    )
    total_count: SafeInt = strawberry.field(
        description="How many items match across the sources that answered; the upstream has "
        "no offset, so narrow the filter to reach items beyond `limit`."
    )
    returned_count: int
    has_more: bool = strawberry.field(description="Whether `totalCount` exceeds `returnedCount`.")
    sources: list[WorkItemSourceResult]
