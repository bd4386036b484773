"""Catalog tasks (Vionlabs): processing of one catalog item by one product at one version."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Self

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.sources.vionlabs.client import CatalogTaskRecord, TaskRef
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from schema.graph.ids import join_key, split_key
from schema.graph.limits.cost import cost, per_object
from schema.graph.task import Task, TaskFacts
from schema.graph.wire import enum_from_wire
from schema.vionlabs.enums import CatalogProduct, CatalogTaskStatus
from schema.vionlabs.states import STATES


def task_key(ref: TaskRef) -> str:
    return join_key(ref.catalog_item_id, ref.product, ref.version)


def task_ref(key: str) -> TaskRef | None:
    parts = split_key(key, 3)
    return TaskRef(*parts) if parts is not None else None


def product_kind(product: str) -> CatalogProduct:
    return enum_from_wire(CatalogProduct, product, CatalogProduct.UNKNOWN)


# An item's task list (endpoint 4), read once per item per request.
ITEM_TASKS = "vionlabs.item_tasks"


@strawberry.type(description="A hypermedia link Vionlabs offers for a task in its current state.")
class CatalogTaskAction:
    name: str = strawberry.field(
        description="What the link does, as Vionlabs names it (e.g. `self`, `deactivate`)."
    )
    href: str = strawberry.field(
        description="The link's URL at Vionlabs (the gateway's API key removed)."
    )
    method: str = strawberry.field(description="The HTTP method the link expects, upper-case.")


@strawberry.type(description="Processing of one catalog item by one product version, in Vionlabs.")
class CatalogTask(Task):
    key: relay.NodeID[str]
    product: CatalogProduct = strawberry.field(
        description="The product that processes the item; UNKNOWN for one this gateway does "
        "not know (see `productRaw`)."
    )
    product_raw: str = strawberry.field(description="The product exactly as Vionlabs names it.")
    version: str = strawberry.field(
        description="The product version, free-form as Vionlabs spells it (e.g. `1.0.1`)."
    )
    status: CatalogTaskStatus = strawberry.field(
        description="Where the task is; UNKNOWN for a status this gateway does not know "
        "(see `statusRaw`)."
    )
    status_raw: str = strawberry.field(description="The status exactly as Vionlabs spells it.")
    error: str | None = strawberry.field(
        description="Why processing failed, in Vionlabs' words; null unless it failed."
    )
    actions: list[CatalogTaskAction] | None = strawberry.field(
        description="What Vionlabs offers to do next; null when the task was read from its "
        "item's list, which carries no links."
    )
    item_id: strawberry.Private[str]

    def task_facts(self) -> TaskFacts:
        # The Tasks API keeps no times or assignees (reference: TaskStatus object).
        return TaskFacts(
            states=STATES,
            title=f"{self.product_raw} {self.version} for {self.item_id}",
            source_status=self.status_raw,
        )

    @strawberry.field(description="The catalog item the task processes.")
    def catalog_item(self) -> CatalogItem:
        return CatalogItem(key=self.item_id)

    @classmethod
    def from_payload(cls, record: CatalogTaskRecord) -> Self:
        ref = record.ref
        status = enum_from_wire(CatalogTaskStatus, record.status, CatalogTaskStatus.UNKNOWN)
        actions = None
        if record.links is not None:
            actions = [
                CatalogTaskAction(name=name, href=link.href, method=link.method.upper())
                for name, link in record.links.items()
            ]
        return cls(
            key=task_key(ref),
            product=product_kind(ref.product),
            product_raw=ref.product,
            version=ref.version,
            status=status,
            status_raw=record.status,
            error=record.error,
            actions=actions,
            item_id=ref.catalog_item_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        loader = info.context.loader(CatalogTasksByItemLoader)

        async def one(key: str) -> Self | None:
            ref = task_ref(key)
            record = await loader.task(ref) if ref is not None else None
            return cls.from_payload(record) if record is not None else None

        # Gathered, so the ids share one loader tick (and any item lists it already has).
        return list(await asyncio.gather(*(one(key) for key in node_ids)))


@strawberry.type(description="An asset of the customer's Vionlabs catalog, with its tasks.")
class CatalogItem(relay.Node):
    key: relay.NodeID[str]
    records: strawberry.Private[list[CatalogTaskRecord] | None] = None

    @strawberry.field(
        description="The item's inventory id: the customer's own id for the asset, which "
        "Vionlabs keys it by (e.g. `asset-0001`)."
    )
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @strawberry.field(
        metadata=cost(per_object(), fans_out=True, loader=ITEM_TASKS),
        description="Every task of the item, in Vionlabs' order; null when Vionlabs could not "
        "be read (an error says why).",
    )
    async def tasks(self, info: Info) -> list[CatalogTask] | None:
        records = self.records
        if records is None:
            records = await info.context.loader(CatalogTasksByItemLoader).load(self.key) or []
        return [CatalogTask.from_payload(r) for r in records]

    @classmethod
    async def load(cls, info: Info, inventory_id: str) -> Self | None:
        """The item with its tasks already read; None when Vionlabs has no such item."""
        records = await info.context.loader(CatalogTasksByItemLoader).load(inventory_id)
        return cls(key=inventory_id, records=records) if records is not None else None

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        return list(await asyncio.gather(*(cls.load(info, key) for key in node_ids)))
