"""Per-request loaders over the Xandr client."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from gateway.loaders import KeyedLoader
from gateway.sources.xandr.client import XandrClient
from gateway.sources.xandr.payloads import InventoryListItemPayload, InventoryListPayload


class InventoryListByIdLoader(KeyedLoader[int, InventoryListPayload]):
    """Every `inventoryList(id)` of one tick becomes one `?id=1,2,3` request (100 ids at most)."""

    client_type = XandrClient
    client: XandrClient

    async def fetch(self, keys: Sequence[int]) -> Mapping[int, InventoryListPayload]:
        return {record.id: record for record in await self.client.get_inventory_lists(keys)}


class InventoryListByUiIdLoader(KeyedLoader[int, InventoryListPayload]):
    """Resolves UI ids through `?inventory_url_list_id=…`, batched like the API ids."""

    client_type = XandrClient
    client: XandrClient

    async def fetch(self, keys: Sequence[int]) -> Mapping[int, InventoryListPayload]:
        found = await self.client.get_inventory_lists_by_ui_ids(keys)
        return {r.inventory_url_list_id: r for r in found if r.inventory_url_list_id is not None}


class InventoryListItemByKeyLoader(KeyedLoader[tuple[int, int], InventoryListItemPayload]):
    """Items by (list id, item id): one `?id=…` request per list of the batch."""

    client_type = XandrClient
    client: XandrClient

    async def fetch(
        self, keys: Sequence[tuple[int, int]]
    ) -> Mapping[tuple[int, int], InventoryListItemPayload]:
        by_list: dict[int, list[int]] = defaultdict(list)
        for list_id, item_id in keys:
            by_list[list_id].append(item_id)
        found: dict[tuple[int, int], InventoryListItemPayload] = {}
        for list_id, item_ids in by_list.items():
            for item in await self.client.get_items(list_id, item_ids):
                found[(list_id, item.id)] = item
        return found
