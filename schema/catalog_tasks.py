"""Catalog tasks (Vionlabs): processing of one catalog item by one product at one version."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from enum import Enum
from typing import Self, cast
from urllib.parse import quote, unquote

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.sources.vionlabs.client import CatalogTaskRecord, TaskRef, VionlabsClient
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from schema.task_interface import Task, TaskFacts
from schema.task_states import TaskSource
from schema.wire import enum_from_wire

KEY_SEPARATOR = "|"  # never inside a part: each part is percent-encoded first


@strawberry.enum(description="Where a catalog task is; UNKNOWN for a status not listed here.")
class CatalogTaskStatus(Enum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"


@strawberry.enum(description="Vionlabs products as documented; UNKNOWN for newer ones.")
class CatalogProduct(Enum):
    ADBREAKS = "adbreaks"
    CONTEXTUAL_ADBREAK = "contextual_adbreak"
    EMOTIONS = "emotions"
    FINGERPRINT = "fingerprint"
    FINGERPRINTPLUS = "fingerprintplus"
    JITPREVIEWS = "jitpreviews"
    JITTHUMBNAILS = "jitthumbnails"
    MARKERS = "markers"
    NUDITY = "nudity"
    PROFANITY = "profanity"
    SEMANTIC = "semantic"
    SIMILAR = "similar"
    CONTENT_SUMMARY = "content_summary"
    SEMANTIC_SCENES = "semantic_scenes"
    VERTICAL_CONVERSION = "vertical_conversion"
    SCENE_TAGS = "scene_tags"
    UNKNOWN = "unknown"


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


async def load_item(info: Info, catalog_item_id: str) -> CatalogItem | None:
    records = await info.context.loader(CatalogTasksByItemLoader).load(catalog_item_id)
    if records is None:
        return None
    tasks = [CatalogTask.from_payload(r) for r in records]
    return CatalogItem(id=strawberry.ID(catalog_item_id), tasks=tasks)


@strawberry.type
class CatalogTasksQuery:
    @strawberry.field(description="One catalog item's tasks; null when Vionlabs has no such item.")
    async def catalog_item(self, info: Info, id: strawberry.ID) -> CatalogItem | None:
        return await load_item(info, str(id))

    @strawberry.field(
        description="Catalog items in the order asked; an unknown item is null, and one item's "
        "failure nulls that item only. One upstream call per distinct id, in parallel."
    )
    def catalog_items(
        self, info: Info, ids: list[strawberry.ID]
    ) -> list[CatalogItem | None] | None:
        limit = info.context.clients.get(VionlabsClient).settings.max_batch_size
        if len(ids) > limit:
            raise BadUserInput(f"`ids` takes at most {limit} ids", argument="ids")
        # graphql-core completes awaitable list items one by one, so a failure stays per item.
        return cast(list[CatalogItem | None], [load_item(info, str(i)) for i in ids])

    @strawberry.field(
        description="One task; answered from its item's list when this request loads that item."
    )
    async def catalog_task(
        self, info: Info, catalog_item_id: strawberry.ID, product: str, version: str
    ) -> CatalogTask | None:
        ref = TaskRef(str(catalog_item_id), product, version)
        record = await info.context.loader(CatalogTasksByItemLoader).task(ref)
        return CatalogTask.from_payload(record) if record is not None else None
