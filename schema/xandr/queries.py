"""The `inventoryLists` root fields: lists by filter, global id, API id and UI id (Xandr)."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.sources.xandr.client import PAGE_CAP, Page, XandrClient
from gateway.sources.xandr.loaders import InventoryListByUiIdLoader
from gateway.sources.xandr.ordering import MAX_RUN_SCAN, read_sorted_window
from gateway.sources.xandr.payloads import InventoryListPayload
from schema.graph.cache_hints import hint
from schema.graph.ids import node_key
from schema.graph.limits.cost import Site, batch_calls, ceil_div, cost
from schema.graph.pagination import FIRST_20, After, check_first, connection, decode_cursor
from schema.xandr.enums import InventoryListOrderField
from schema.xandr.inputs import InventoryListFilterInput, InventoryListOrderInput
from schema.xandr.types import (
    InventoryList,
    InventoryListConnection,
    load_lists,
    parse_id,
    read_window,
)

MAX_IDS = 500


def _list_pages(site: Site) -> int:
    """Windows of 100; a sort by anything but id also reads across each edge's run of ties."""
    first = site.arg("first", 20)
    order = site.arg("orderBy")
    if order is None or order.get("field") is InventoryListOrderField.ID:
        return ceil_div(first, PAGE_CAP)
    edges = 2 * (ceil_div(MAX_RUN_SCAN, PAGE_CAP) + 1)
    return ceil_div(first + 2, PAGE_CAP) + edges


def _lists_by_id(site: Site) -> int:
    return batch_calls(site.objects, site.settings.xandr.max_batch_size, PAGE_CAP)


@strawberry.type
class InventoryListsQuery:
    @strawberry.field(
        metadata=cost(_list_pages, items=lambda site: site.arg("first", 20)),
        extensions=requires(WORK_READ),
        directives=hint(30),
        description="Inventory lists, by ascending id unless ordered otherwise.",
    )
    async def inventory_lists(
        self,
        info: Info,
        filter: Annotated[
            InventoryListFilterInput | None,
            strawberry.argument(description="Which lists; null: all of them."),
        ] = None,
        order_by: Annotated[
            InventoryListOrderInput | None,
            strawberry.argument(description="Sort order; null: ascending API id."),
        ] = None,
        first: Annotated[int, strawberry.argument(description=FIRST_20)] = 20,
        after: After = None,
    ) -> InventoryListConnection | None:
        client = info.context.clients.get(XandrClient)
        offset, limit = decode_cursor("inventoryLists", after), check_first(first)
        sort = f"{order_by.field.value}.{order_by.direction.value}" if order_by else None
        upstream = (filter or InventoryListFilterInput()).to_filter(sort)

        async def page(start: int, size: int) -> Page[InventoryListPayload]:
            return await client.list_inventory_lists(upstream, start=start, size=size)

        if order_by is None or order_by.field is InventoryListOrderField.ID:
            total, records = await read_window(page, offset, limit)
        else:
            # Xandr documents no order among equal values; the graph promises ascending id.
            field = order_by.field.value
            total, records = await read_sorted_window(page, field, offset, limit)
        return connection(
            InventoryListConnection,
            "inventoryLists",
            [InventoryList.from_payload(p) for p in records],
            offset=offset,
            has_next_page=offset + len(records) < total,
            total_count=total,
        )

    @strawberry.field(
        metadata=cost(_lists_by_id, loader="xandr.list"),
        extensions=requires(WORK_READ),
        directives=hint(30),
        description="One list; null when it does not exist.",
    )
    async def inventory_list(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The list's global id.")],
    ) -> InventoryList | None:
        (found,) = await load_lists(info, [node_key(id, InventoryList)])
        return found

    @strawberry.field(
        metadata=cost(
            lambda site: batch_calls(
                site.count("upstreamIds"), site.settings.xandr.max_batch_size, PAGE_CAP
            ),
            items=lambda site: site.count("upstreamIds"),
        ),
        extensions=requires(WORK_READ),
        description="Lists by Xandr API id, in the order given (null for unknown ids); "
        "sent 100 ids a request.",
    )
    async def inventory_lists_by_upstream_ids(
        self,
        info: Info,
        upstream_ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(
                description=f"Xandr API ids (`upstreamId`, the ones edits need), at most {MAX_IDS}."
            ),
        ],
    ) -> list[InventoryList | None] | None:
        if len(upstream_ids) > MAX_IDS:
            raise BadUserInput(f"at most {MAX_IDS} ids at once", argument="upstreamIds")
        return await load_lists(info, [str(i) for i in upstream_ids])

    @strawberry.field(
        metadata=cost(1),
        extensions=requires(WORK_READ),
        description="One list by the id Xandr's UI shows (inventory_url_list_id); null if none.",
    )
    async def inventory_list_by_ui_id(
        self,
        info: Info,
        ui_id: Annotated[
            strawberry.ID,
            strawberry.argument(description="The id Xandr's UI shows for the list (`uiId`)."),
        ],
    ) -> InventoryList | None:
        key = parse_id(str(ui_id))
        if key is None:
            return None
        payload = await info.context.loader(InventoryListByUiIdLoader).load(key)
        return InventoryList.from_payload(payload) if payload is not None else None
