"""The links between sources: a source registers the kinds of resource it serves (`Link`s in its
`SCHEMA`), and another source's object names one by kind and id (`resolve_resource`).

- `WorkItem.resource` (Interchange → Xandr or limbo/Beat): a work item names the resource it is
  about by `resourceType` + `resourceId`; the kinds are those the registered sources serve
  (`inventory-list` by Xandr, `send-task` by limbo/Beat), gathered in
  `schema/graph/link_targets.py` with the `LinkedResource` union.
- Within a source, links live with their types in `schema/<source>/types.py`: `SendTask.product`
  and `SendTask.dspUploadIdentification` (limbobeat), `InventoryList.items` (xandr),
  `WorkInstance.detail` / `tasks` (blueworks).

Every link goes through the target's batched loader, so N work items naming N lists cost one
Xandr request, not N.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from gateway.context import Info


@dataclass(frozen=True)
class Link:
    """A kind of resource other sources' objects may name, and how its source loads one."""

    # The kind as `normal_resource_type` spells it, e.g. "inventory-list".
    kind: str
    # Its GraphQL type: a member of the `LinkedResource` union.
    type: type
    # One resource by its upstream id, through a batched loader; None when there is none.
    load: Callable[[Info, str], Awaitable[Any]]


def normal_resource_type(resource_type: str) -> str:
    """`inventory_list`, `InventoryList` and `inventory-list` all name the same kind."""
    spaced = "".join(f"-{c.lower()}" if c.isupper() else c for c in resource_type).lstrip("-")
    return spaced.replace("_", "-").replace(" ", "-").replace("--", "-")


async def resolve_resource(
    info: Info, resource_type: str | None, resource_id: str | None
) -> object | None:
    """The resource a kind and an id name, when a registered source serves that kind."""
    # Imported when asked: the table is made from the registered sources, which import this.
    from schema.graph.link_targets import RESOURCE_LINKS

    if not resource_type or not resource_id:
        return None
    link = RESOURCE_LINKS.get(normal_resource_type(resource_type))
    if link is None:
        return None
    found: object | None = await link.load(info, resource_id)
    return found
