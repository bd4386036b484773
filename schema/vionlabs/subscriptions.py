"""Vionlabs' live subscription: the tasks of catalog items watched by id."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.live import Target
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from schema.graph.live.reads import Reads
from schema.graph.live.stream import POLLED, checked_ids, ids_description, stream
from schema.graph.live.types import TaskEvent
from schema.graph.task import Task
from schema.vionlabs.types import CatalogItem, CatalogTask


def catalog_item_target(reads: Reads, item_id: str) -> Target:
    """Every task of one catalog item: one call per poll, shared per item."""

    async def read(info: Info) -> list[Task]:
        records = await info.context.loader(CatalogTasksByItemLoader).load(item_id)
        return [CatalogTask.from_payload(record) for record in records or ()]

    return Target(
        key=("catalog-item", item_id),
        source="vionlabs",
        read=reads.snapshot(read),
        touched_by=lambda keys: item_id in keys,
    )


@strawberry.type
class CatalogItemTasksSubscription:
    @strawberry.subscription(
        extensions=requires(WORK_READ),
        metadata=POLLED,
        description="Every task (analysis job) of the given Vionlabs catalog items, in every"
        " state. One call per item per interval, shared with other watchers of the item.",
    )
    async def catalog_item_tasks_changed(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description=ids_description("catalog items"))
        ],
    ) -> AsyncGenerator[TaskEvent, None]:
        reads = Reads.shared(info)
        items = checked_ids(info, ids, CatalogItem)
        async for event in stream(info, [catalog_item_target(reads, item) for item in items]):
            yield event
