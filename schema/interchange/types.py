"""Work items (Interchange storefront): human-in-the-loop steps of modular inventory sources."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.sources.interchange.client import WorkItemFilter
from gateway.sources.interchange.loaders import WorkItemByIdLoader
from gateway.sources.interchange.payloads import (
    WorkItemDetailPayload,
    WorkItemDocumentPayload,
    WorkItemSummaryPayload,
)
from schema.graph.ids import join_key, split_key
from schema.graph.limits.cost import Site, batch_calls, cost, per_object
from schema.graph.links import resolve_resource
from schema.graph.scalars import SafeInt
from schema.graph.task import Task, TaskFacts
from schema.graph.wire import enum_from_wire
from schema.interchange.enums import WorkItemKind, WorkItemStatus
from schema.interchange.events import WorkItemEvent
from schema.interchange.states import STATES

if TYPE_CHECKING:
    from schema.graph.link_targets import LinkedResource


def item_key(key: str) -> tuple[str, str] | None:
    """A node key holds the inventory source and the item id: the id alone names no source."""
    parts = split_key(key, 2)
    return (parts[0], parts[1]) if parts is not None else None


def _id(value: str | None) -> strawberry.ID | None:
    return strawberry.ID(value) if value is not None else None


# The detail GET of a work item, shared by `payload`, `result` and `events`.
DETAIL = "interchange.work_item_detail"


def _resource_calls(site: Site) -> int:
    """Lists (Xandr) and send tasks (limbo/Beat, whose reads may take two calls), batched."""
    xandr, limbobeat = site.settings.xandr, site.settings.limbobeat
    lists = batch_calls(site.objects, xandr.max_batch_size, 100)
    tasks = batch_calls(site.objects, limbobeat.max_batch_size, limbobeat.page_size_cap)
    return lists + 2 * tasks


@strawberry.type(description="A step of a modular inventory source that a person must resolve.")
class WorkItem(Task):
    key: relay.NodeID[str]
    source_id: strawberry.ID = strawberry.field(
        description="The inventory source the item was read from: the storefront-scoped id "
        "in Interchange's paths (e.g. `retail-modular`)."
    )
    storefront_id: strawberry.ID = strawberry.field(
        description="The storefront (seller marketplace) the item belongs to."
    )
    inventory_source_id: strawberry.ID = strawberry.field(
        description="Interchange's internal id of the source; not the `sourceId` slug."
    )
    module_id: strawberry.ID | None = strawberry.field(
        description="The module of the source that raised the item."
    )
    title: str = strawberry.field(description="What the work is, in a few words.")
    description: str | None = strawberry.field(description="The work in more words.")
    status: WorkItemStatus = strawberry.field(
        description="Where the item is; UNKNOWN when the upstream sends none (and the filter "
        "did not pin one status) or one this gateway does not know."
    )
    kind: WorkItemKind = strawberry.field(
        description="What a person has to do; UNKNOWN when the upstream sends none (and the "
        "filter did not pin one kind) or one this gateway does not know."
    )
    resource_type: str | None = strawberry.field(
        description="What kind of thing the item is about, a free string (e.g. `media-buy`, "
        "`inventory-list`); see `resource`."
    )
    resource_id: strawberry.ID | None = strawberry.field(
        description="The id of the thing the item is about, in the system `resourceType` names."
    )
    media_buy_id: strawberry.ID | None = strawberry.field(
        description="The media buy the item concerns, if any."
    )
    buyer_customer_id: SafeInt | None = strawberry.field(
        description="The buyer's customer number, if any (an integer up to 2^53-1)."
    )
    due_at: dt.datetime | None = strawberry.field(
        description="When it is due; null when Interchange does not say."
    )
    blocked_reason: str | None = strawberry.field(description="Why it is BLOCKED, if it is.")
    created_by_type: str | None = strawberry.field(
        description="What kind of actor created it (e.g. a user or a module)."
    )
    created_by_id: strawberry.ID | None = strawberry.field(
        description="Interchange's id of the creator, of the kind `createdByType` says."
    )
    completed_by: str | None = strawberry.field(description="Who completed it, if anyone.")
    completed_at: dt.datetime | None = strawberry.field(
        description="When it was completed; null until then."
    )
    created_at: dt.datetime = strawberry.field(description="When it was created (UTC).")
    updated_at: dt.datetime = strawberry.field(description="When it last changed (UTC).")
    required_result_fields: list[str] | None = strawberry.field(
        description="Keys `completeWorkItem`'s result must carry; only list reads have them "
        "(null when the item was read by id)."
    )
    wire_status: strawberry.Private[str | None]
    assigned_to: strawberry.Private[str | None]
    # What the detail GET adds: payload/result (also in a completion answer) and events.
    _item: strawberry.Private[WorkItemDetailPayload | None] = None
    _detail: strawberry.Private[WorkItemDocumentPayload | None] = None

    @strawberry.field(
        metadata=cost(_resource_calls),
        description="The inventory list or send task this item is about, when the graph "
        "serves that kind of resource (see docs/graph.md); null otherwise.",
    )
    async def resource(
        self, info: Info
    ) -> Annotated[LinkedResource, strawberry.lazy("schema.graph.link_targets")] | None:
        # The union is made from the registered sources, which are loading while this is.
        return await resolve_resource(info, self.resource_type, self.resource_id)

    def _parts(self) -> tuple[str, str]:
        parts = item_key(self.key)
        assert parts is not None, "keys are built by from_payload"
        return parts

    def task_facts(self) -> TaskFacts:
        return TaskFacts(
            states=STATES,
            title=self.title,
            source_status=self.wire_status,
            due_at=self.due_at,
            created_at=self.created_at,
            updated_at=self.updated_at,
            assignee=self.assigned_to,
        )

    @strawberry.field(description="The work item's id in Interchange.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self._parts()[1])

    @strawberry.field(
        metadata=cost(per_object(), fans_out=True, loader=DETAIL),
        description="Module-specific input of the item (one detail call if listed).",
    )
    async def payload(self, info: Info) -> JSON | None:
        item = await self._load_item(info)
        return JSON(item.payload) if item else None

    @strawberry.field(
        metadata=cost(per_object(), fans_out=True, loader=DETAIL),
        description="What completion recorded (one detail call if listed).",
    )
    async def result(self, info: Info) -> JSON | None:
        item = await self._load_item(info)
        return JSON(item.result) if item else None

    @strawberry.field(
        metadata=cost(per_object(), fans_out=True, loader=DETAIL, provides=(DETAIL,)),
        description="The item's history, oldest first (one detail call if listed).",
    )
    async def events(self, info: Info) -> list[WorkItemEvent] | None:
        detail = await self._load_detail(info)
        source_id = self._parts()[0]
        if detail is None:
            return None
        return [WorkItemEvent.from_payload(e, source_id=source_id) for e in detail.events]

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
        status = p.status or (filter.pinned_status if filter else None)
        kind = p.kind or (filter.kind if filter else None)
        return cls(
            key=join_key(source_id, p.id),
            source_id=strawberry.ID(source_id),
            storefront_id=strawberry.ID(p.storefront_id),
            inventory_source_id=strawberry.ID(p.inventory_source_id),
            module_id=_id(p.module_id),
            title=p.title,
            description=p.description,
            status=enum_from_wire(WorkItemStatus, status, WorkItemStatus.UNKNOWN),
            kind=enum_from_wire(WorkItemKind, kind, WorkItemKind.UNKNOWN),
            resource_type=p.resource_type,
            resource_id=_id(p.resource_id),
            media_buy_id=_id(p.media_buy_id),
            buyer_customer_id=SafeInt(p.buyer_customer_id)
            if p.buyer_customer_id is not None
            else None,
            due_at=p.due_at,
            blocked_reason=p.blocked_reason,
            created_by_type=p.created_by_type,
            created_by_id=_id(p.created_by_id),
            completed_by=p.completed_by,
            completed_at=p.completed_at,
            created_at=p.created_at,
            updated_at=p.updated_at,
            required_result_fields=required,
            wire_status=status,
            assigned_to=p.assigned_to,
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
        keys = [item_key(node_id) for node_id in node_ids]
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
