"""Vionlabs' root fields: catalog items with their tasks, and one task."""

from __future__ import annotations

from typing import Annotated, cast

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.sources.vionlabs.client import VionlabsClient
from schema.graph.ids import node_key
from schema.graph.limits.cost import cost
from schema.vionlabs.types import ITEM_TASKS, CatalogItem, CatalogTask


@strawberry.type
class CatalogTasksQuery:
    @strawberry.field(
        metadata=cost(1, loader=ITEM_TASKS, provides=(ITEM_TASKS,)),
        extensions=requires(WORK_READ),
        description="One catalog item with its tasks; null when Vionlabs has no such item.",
    )
    async def catalog_item(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The item's global id.")],
    ) -> CatalogItem | None:
        return await CatalogItem.load(info, node_key(id, CatalogItem))

    @strawberry.field(
        metadata=cost(
            lambda site: len(set(site.arg("upstreamIds", ()))),
            items=lambda site: site.count("upstreamIds"),
            fans_out=True,
            provides=(ITEM_TASKS,),
        ),
        extensions=requires(WORK_READ),
        description="Catalog items by inventory id, in the order asked; an unknown item is "
        "null, and one item's failure nulls that item only. One upstream call per distinct "
        "id, in parallel.",
    )
    def catalog_items(
        self,
        info: Info,
        upstream_ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description="Inventory ids (the customer's own asset ids, e.g. `asset-0001`); "
                "at most `GATEWAY_VIONLABS__MAX_BATCH_SIZE` (default 100)."
            ),
        ],
    ) -> list[CatalogItem | None] | None:
        limit = info.context.clients.get(VionlabsClient).settings.max_batch_size
        if len(upstream_ids) > limit:
            raise BadUserInput(f"`upstreamIds` takes at most {limit} ids", argument="upstreamIds")
        # graphql-core completes awaitable list items one by one, so a failure stays per item.
        return cast(
            list[CatalogItem | None], [CatalogItem.load(info, str(i)) for i in upstream_ids]
        )

    @strawberry.field(
        metadata=cost(1),
        extensions=requires(WORK_READ),
        description="One task; answered from its item's list when this request loads that "
        "item anyway. Null when Vionlabs has no such task.",
    )
    async def catalog_task(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The task's global id.")],
    ) -> CatalogTask | None:
        (task,) = await CatalogTask.resolve_nodes(info=info, node_ids=[node_key(id, CatalogTask)])
        return task
