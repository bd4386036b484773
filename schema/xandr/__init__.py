"""Xandr in the graph: inventory lists and their items."""

from gateway.context import Info
from gateway.sources.xandr.client import PAGE_CAP
from schema.graph.limits.cost import batch_calls
from schema.graph.links import Link
from schema.graph.source_schema import SourceSchema, per_id
from schema.xandr.mutations import InventoryListsMutation
from schema.xandr.queries import InventoryListsQuery
from schema.xandr.types import InventoryList, load_lists


async def load_inventory_list(info: Info, resource_id: str) -> InventoryList | None:
    (found,) = await load_lists(info, [resource_id])
    return found


SCHEMA = SourceSchema(
    name="xandr",
    queries=InventoryListsQuery,
    mutations=InventoryListsMutation,
    links=(Link("inventory-list", InventoryList, load_inventory_list),),
    lookups={
        "InventoryList": lambda site, ids: batch_calls(
            ids, site.settings.xandr.max_batch_size, PAGE_CAP
        ),
        # One `?id=` call per list: at worst every item from another list.
        "InventoryListItem": per_id,
    },
)
