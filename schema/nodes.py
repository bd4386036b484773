"""Global object identification: `node(id)` and `nodes(ids)` over every type's loaders."""

from __future__ import annotations

import asyncio
import inspect
from collections import defaultdict
from typing import Any

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from gateway.context import Info
from gateway.errors import BadUserInput


def parse_global_id(info: Info, raw: str) -> relay.GlobalID:
    """A well-formed id of a Node type this schema has; anything else is the caller's mistake."""
    try:
        gid = relay.GlobalID.from_id(raw)
    except ValueError:
        raise BadUserInput(f"{raw!r} is not an id this gateway issued", argument="id") from None
    definition = info.schema.get_type_by_name(gid.type_name)
    # Interfaces (Node, Task) are Node subclasses too, but no object's id names one.
    if (
        not isinstance(definition, StrawberryObjectDefinition)
        or definition.is_interface
        or not issubclass(definition.origin, relay.Node)
    ):
        raise BadUserInput(f"{raw!r} is not an id this gateway issued", argument="id")
    return gid


async def resolve_global_ids(info: Info, raw_ids: list[str]) -> list[Any]:
    """Nodes in the order asked; one `resolve_nodes` per type, so each type's loader batches."""
    parsed = [parse_global_id(info, raw) for raw in raw_ids]
    by_type: dict[str, list[str]] = defaultdict(list)
    for gid in parsed:
        by_type[gid.type_name].append(gid.node_id)

    async def of_type(type_name: str, node_ids: list[str]) -> dict[tuple[str, str], Any]:
        definition = info.schema.get_type_by_name(type_name)
        assert isinstance(definition, StrawberryObjectDefinition)
        resolved = definition.origin.resolve_nodes(info=info, node_ids=node_ids, required=False)
        if inspect.isawaitable(resolved):
            resolved = await resolved
        return {(type_name, nid): node for nid, node in zip(node_ids, resolved, strict=True)}

    # Types of different sources are fetched at the same time.
    found: dict[tuple[str, str], Any] = {}
    for part in await asyncio.gather(*(of_type(t, ids) for t, ids in by_type.items())):
        found.update(part)
    return [found.get((gid.type_name, gid.node_id)) for gid in parsed]


@strawberry.type
class NodeQuery:
    @strawberry.field(description="Refetch any object by its global id; null when it is gone.")
    async def node(self, info: Info, id: strawberry.ID) -> relay.Node | None:
        (node,) = await resolve_global_ids(info, [str(id)])
        return node  # type: ignore[no-any-return]

    @strawberry.field(description="Refetch many objects by global id, in the order given.")
    async def nodes(self, info: Info, ids: list[strawberry.ID]) -> list[relay.Node | None]:
        return await resolve_global_ids(info, [str(i) for i in ids])
