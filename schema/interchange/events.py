"""A work item's history (Interchange): one event per change, refetchable on its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Self

import strawberry
from strawberry import relay
from strawberry.scalars import JSON

from gateway.context import Info
from gateway.sources.interchange.loaders import WorkItemByIdLoader
from gateway.sources.interchange.payloads import WorkItemEventPayload
from schema.graph.ids import join_key, split_key
from schema.graph.limits.cost import cost, per_object

if TYPE_CHECKING:
    from schema.interchange.types import WorkItem


@strawberry.type(description="One entry of a work item's history, in Interchange.")
class WorkItemEvent(relay.Node):
    key: relay.NodeID[str]
    event_type: str = strawberry.field(
        description="What happened, as Interchange names it (e.g. `created`, `completed`)."
    )
    actor_type: str | None = strawberry.field(
        description="What kind of actor caused it (e.g. a user or a system)."
    )
    actor_id: strawberry.ID | None = strawberry.field(
        description="Interchange's id of the actor, of the kind `actorType` says."
    )
    notes: str | None = strawberry.field(description="Notes left with the change.")
    payload: JSON | None = strawberry.field(description="What the change carried, any JSON.")
    created_at: dt.datetime = strawberry.field(description="When it happened (UTC).")
    event_id: strawberry.Private[str]
    source_id: strawberry.Private[str]
    work_item_id: strawberry.Private[str]

    @strawberry.field(description="The event's id in Interchange.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.event_id)

    @strawberry.field(
        metadata=cost(per_object(), fans_out=True, loader="interchange.work_item_detail"),
        description="The work item whose history this is.",
    )
    async def work_item(
        self, info: Info
    ) -> Annotated[WorkItem, strawberry.lazy("schema.interchange.types")] | None:
        from schema.interchange.types import WorkItem

        (item,) = await WorkItem.resolve_nodes(
            info=info, node_ids=[join_key(self.source_id, self.work_item_id)]
        )
        return item

    @classmethod
    def from_payload(cls, payload: WorkItemEventPayload, *, source_id: str) -> Self:
        return cls(
            key=join_key(source_id, payload.work_item_id, payload.id),
            event_type=payload.event_type,
            actor_type=payload.actor_type,
            actor_id=strawberry.ID(payload.actor_id) if payload.actor_id is not None else None,
            notes=payload.notes,
            payload=JSON(payload.payload),
            created_at=payload.created_at,
            event_id=payload.id,
            source_id=source_id,
            work_item_id=payload.work_item_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Each event from its work item's detail, one call per item however many events."""
        keys = [split_key(node_id, 3) for node_id in node_ids]
        items = list(dict.fromkeys((k[0], k[1]) for k in keys if k is not None))
        documents = await info.context.loader(WorkItemByIdLoader).load_many(items)
        events = {
            (source_id, event.work_item_id, event.id): event
            for (source_id, _), document in zip(items, documents, strict=True)
            if document is not None
            for event in document.events
        }
        return [
            cls.from_payload(event, source_id=key[0])
            if key is not None and (event := events.get((key[0], key[1], key[2]))) is not None
            else None
            for key in keys
        ]
