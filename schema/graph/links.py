"""The links between sources, declared in one place.

- `WorkItem.resource` (Interchange → Xandr or limbo/Beat): a work item names the resource it is
  about by `resourceType` + `resourceId`; the types below are the ones the graph also serves.
- Within a source, links live with their types in `schema/<source>/types.py`: `SendTask.product`
  and `SendTask.dspUploadIdentification` (limbobeat), `InventoryList.items` (xandr),
  `WorkInstance.detail` / `tasks` (blueworks).

Every link goes through the target's batched loader, so N work items naming N lists cost one
Xandr request, not N.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import strawberry

from gateway.context import Info
from schema.limbobeat.types import SendTask
from schema.xandr.types import InventoryList, load_lists


async def inventory_list(info: Info, resource_id: str) -> InventoryList | None:
    (found,) = await load_lists(info, [resource_id])
    return found


async def send_task(info: Info, resource_id: str) -> SendTask | None:
    (found,) = await SendTask.resolve_nodes(info=info, node_ids=[resource_id])
    return found


# Interchange's `resourceType` is a free string (reference: WorkItemSummary); these are the
# values that name something another source serves, after `normal_resource_type`.
RESOURCE_LINKS: dict[str, Callable[[Info, str], Awaitable[Any]]] = {
    "inventory-list": inventory_list,
    "send-task": send_task,
}

LinkedResource = Annotated[
    InventoryList | SendTask,
    strawberry.union(
        "LinkedResource", description="Something a work item is about that the graph serves."
    ),
]


def normal_resource_type(resource_type: str) -> str:
    """`inventory_list`, `InventoryList` and `inventory-list` all name the same kind."""
    spaced = "".join(f"-{c.lower()}" if c.isupper() else c for c in resource_type).lstrip("-")
    return spaced.replace("_", "-").replace(" ", "-").replace("--", "-")


async def resolve_resource(
    info: Info, resource_type: str | None, resource_id: str | None
) -> InventoryList | SendTask | None:
    if not resource_type or not resource_id:
        return None
    link = RESOURCE_LINKS.get(normal_resource_type(resource_type))
    if link is None:
        return None
    found: InventoryList | SendTask | None = await link(info, resource_id)
    return found
