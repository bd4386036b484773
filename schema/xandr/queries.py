"""The `inventoryLists` root fields: lists by filter, by API id and by UI id (Xandr)."""

from __future__ import annotations

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.sources.xandr.client import Page, XandrClient
from gateway.sources.xandr.loaders import InventoryListByUiIdLoader
from gateway.sources.xandr.payloads import InventoryListPayload
from schema.graph.pagination import check_first, connection, decode_cursor
from schema.xandr.inputs import InventoryListFilterInput, InventoryListOrder
from schema.xandr.types import (
    InventoryList,
    InventoryListConnection,
    load_lists,
    parse_id,
    read_window,
)

MAX_IDS = 500


@strawberry.type
class InventoryListsQuery:
    @strawberry.field(
        extensions=requires(WORK_READ),
        description="Inventory lists, by ascending id unless ordered otherwise.",
    )
    async def inventory_lists(
        self,
        info: Info,
        filter: InventoryListFilterInput | None = None,
        order_by: InventoryListOrder | None = None,
        first: int = 20,
        after: str | None = None,
    ) -> InventoryListConnection | None:
        client = info.context.clients.get(XandrClient)
        offset, limit = decode_cursor("inventoryLists", after), check_first(first)
        sort = f"{order_by.field.value}.{order_by.direction.value}" if order_by else None
        upstream = (filter or InventoryListFilterInput()).to_filter(sort)

        async def page(start: int, size: int) -> Page[InventoryListPayload]:
            return await client.list_inventory_lists(upstream, start=start, size=size)

        total, records = await read_window(page, offset, limit)
        return connection(
            InventoryListConnection,
            "inventoryLists",
            [InventoryList.from_payload(p) for p in records],
            offset=offset,
            has_next_page=offset + len(records) < total,
            total_count=total,
        )

    @strawberry.field(
        extensions=requires(WORK_READ),
        description="One list by its Xandr API id; null when it does not exist.",
    )
    async def inventory_list(self, info: Info, id: strawberry.ID) -> InventoryList | None:
        (found,) = await load_lists(info, [str(id)])
        return found

    @strawberry.field(
        extensions=requires(WORK_READ),
        description="Lists by Xandr API id, in the order given (null for unknown ids); "
        "sent 100 ids a request.",
    )
    async def inventory_lists_by_ids(
        self, info: Info, ids: list[strawberry.ID]
    ) -> list[InventoryList | None] | None:
        if len(ids) > MAX_IDS:
            raise BadUserInput(f"at most {MAX_IDS} ids at once", argument="ids")
        return await load_lists(info, [str(i) for i in ids])

    @strawberry.field(
        extensions=requires(WORK_READ),
        description="One list by the id Xandr's UI shows (inventory_url_list_id); null if none.",
    )
    async def inventory_list_by_ui_id(
        self, info: Info, ui_id: strawberry.ID
    ) -> InventoryList | None:
        key = parse_id(str(ui_id))
        if key is None:
            return None
        payload = await info.context.loader(InventoryListByUiIdLoader).load(key)
        return InventoryList.from_payload(payload) if payload is not None else None
