"""Catalog tasks (Vionlabs): processing of one catalog item by one product at one version."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Self
from urllib.parse import quote, unquote

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.sources.vionlabs.client import CatalogTaskRecord, TaskRef
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from schema.graph.task import Task, TaskFacts
from schema.graph.task_states import TaskSource
from schema.graph.wire import enum_from_wire
from schema.vionlabs.enums import CatalogProduct, CatalogTaskStatus

KEY_SEPARATOR = "|"  # never inside a part: each part is percent-encoded first


def task_key(ref: TaskRef) -> str:
    parts = (ref.catalog_item_id, ref.product, ref.version)
    return KEY_SEPARATOR.join(quote(part, safe="") for part in parts)


def task_ref(key: str) -> TaskRef | None:
    parts = key.split(KEY_SEPARATOR)
    if len(parts) != 3:
        return None
    item, product, version = (unquote(part) for part in parts)
    return TaskRef(item, product, version)


def product_kind(product: str) -> CatalogProduct:
    return enum_from_wire(CatalogProduct, product, CatalogProduct.UNKNOWN)


@strawberry.type(description="A hypermedia link Vionlabs offers for a task in its current state.")
class CatalogTaskAction:
    name: str
    href: str
    method: str


@strawberry.type(description="Processing of one catalog item by one product version, in Vionlabs.")
class CatalogTask(Task):
    key: relay.NodeID[str]
    catalog_item_id: strawberry.ID
    product: str = strawberry.field(description="The product exactly as Vionlabs names it.")
    product_kind: CatalogProduct
    version: str
    status: CatalogTaskStatus
    status_raw: str = strawberry.field(description="The status exactly as Vionlabs spells it.")
    error: str | None
    actions: list[CatalogTaskAction] | None = strawberry.field(
        description="Null when the task was read from its item's list, which carries no links."
    )

    def task_facts(self) -> TaskFacts:
        # The Tasks API keeps no times or assignees (reference: TaskStatus object).
        return TaskFacts(
            source=TaskSource.VIONLABS,
            title=f"{self.product} {self.version} for {self.catalog_item_id}",
            source_status=self.status_raw,
        )

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
            catalog_item_id=strawberry.ID(ref.catalog_item_id),
            product=ref.product,
            product_kind=product_kind(ref.product),
            version=ref.version,
            status=status,
            status_raw=record.status,
            error=record.error,
            actions=actions,
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


@strawberry.type(description="A catalog item (asset) in Vionlabs, with all its tasks.")
class CatalogItem:
    id: strawberry.ID = strawberry.field(description="The item's inventory id in the catalog.")
    tasks: list[CatalogTask]
