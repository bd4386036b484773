"""Vionlabs' root fields: catalog items with their tasks, and one task."""

from __future__ import annotations

from typing import cast

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.sources.vionlabs.client import TaskRef, VionlabsClient
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from schema.vionlabs.types import CatalogItem, CatalogTask


async def load_item(info: Info, catalog_item_id: str) -> CatalogItem | None:
    records = await info.context.loader(CatalogTasksByItemLoader).load(catalog_item_id)
    if records is None:
        return None
    tasks = [CatalogTask.from_payload(r) for r in records]
    return CatalogItem(id=strawberry.ID(catalog_item_id), tasks=tasks)


@strawberry.type
class CatalogTasksQuery:
    @strawberry.field(
        extensions=requires(WORK_READ),
        description="One catalog item's tasks; null when Vionlabs has no such item.",
    )
    async def catalog_item(self, info: Info, id: strawberry.ID) -> CatalogItem | None:
        return await load_item(info, str(id))

    @strawberry.field(
        extensions=requires(WORK_READ),
        description="Catalog items in the order asked; an unknown item is null, and one item's "
        "failure nulls that item only. One upstream call per distinct id, in parallel.",
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
        extensions=requires(WORK_READ),
        description="One task; answered from its item's list when this request loads that item.",
    )
    async def catalog_task(
        self, info: Info, catalog_item_id: strawberry.ID, product: str, version: str
    ) -> CatalogTask | None:
        ref = TaskRef(str(catalog_item_id), product, version)
        record = await info.context.loader(CatalogTasksByItemLoader).task(ref)
        return CatalogTask.from_payload(record) if record is not None else None
