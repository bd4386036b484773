"""Global object identification: `node(id)` and `nodes(ids)` over every type's loaders."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Sequence
from functools import cache
from typing import Annotated, Any

import strawberry
from strawberry import relay
from strawberry.types.base import StrawberryObjectDefinition

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput, GatewayError
from schema.graph.limits.cost import Site, cost
from schema.graph.source_schema import Lookup, per_id

# Some types cost one upstream call per id (work items, work instances): bound the fan-out.
MAX_NODES = 100


def parse_global_id(info: Info, raw: str, argument: str = "id") -> relay.GlobalID:
    """A well-formed id of a Node type this schema has; anything else is the caller's mistake."""
    try:
        gid = relay.GlobalID.from_id(raw)
    except ValueError:
        raise BadUserInput(
            f"{raw[:40]!r} is not an id this gateway issued", argument=argument
        ) from None
    definition = info.schema.get_type_by_name(gid.type_name)
    # Interfaces (Node, Task) are Node subclasses too, but no object's id names one.
    if (
        not isinstance(definition, StrawberryObjectDefinition)
        or definition.is_interface
        or not issubclass(definition.origin, relay.Node)
        or not gid.node_id
    ):
        raise BadUserInput(f"{raw[:40]!r} is not an id this gateway issued", argument=argument)
    return gid


async def resolve_one(info: Info, gid: relay.GlobalID) -> Any:
    definition = info.schema.get_type_by_name(gid.type_name)
    assert isinstance(definition, StrawberryObjectDefinition)
    resolved = definition.origin.resolve_nodes(info=info, node_ids=[gid.node_id], required=False)
    if inspect.isawaitable(resolved):
        resolved = await resolved
    return next(iter(resolved))


def parsed_or_refused(info: Info, raw: str, argument: str) -> relay.GlobalID | BadUserInput:
    try:
        return parse_global_id(info, raw, argument)
    except BadUserInput as exc:
        return exc


async def resolve_global_ids(info: Info, raw_ids: list[str], argument: str = "id") -> list[Any]:
    """Nodes in the order asked, or the error of each one that failed (a malformed id's too).

    Every id is resolved on its own but in the same tick, so each type's loader still batches
    its ids into one upstream call, and types of different sources are fetched side by side.
    With several ids, each one's argument is named by its index (`ids.2`).
    """
    if len(raw_ids) > MAX_NODES:
        raise BadUserInput(f"`ids` takes at most {MAX_NODES} ids", argument="ids")
    indexed = argument != "id"
    parsed = [
        parsed_or_refused(info, raw, f"{argument}.{n}" if indexed else argument)
        for n, raw in enumerate(raw_ids)
    ]

    async def one(gid: relay.GlobalID | BadUserInput) -> Any:
        if isinstance(gid, BadUserInput):
            return gid
        return await resolve_one(info, gid)

    answers = await asyncio.gather(*(one(g) for g in parsed), return_exceptions=True)
    for answer in answers:
        if isinstance(answer, BaseException) and not isinstance(answer, GatewayError):
            raise answer
    return answers


# What a lookup by id already read for the objects it returns.
LOOKUPS_PROVIDE = ("interchange.work_item_detail", "blueworks.work_detail", "vionlabs.item_tasks")


@cache
def lookup_calls() -> dict[str, Lookup]:
    """Every Node type's lookup cost, from the sources' registrations (`SourceSchema.lookups`)."""
    from schema.sources import SCHEMAS  # imported late: the sources import the graph

    return {name: lookup for s in SCHEMAS for name, lookup in s.lookups.items()}


def types_of(raw_ids: Sequence[object]) -> dict[str, int]:
    """How many of the ids name each type (ids that name none are refused, costing nothing)."""
    counts: dict[str, int] = {}
    for raw in raw_ids:
        try:
            type_name = relay.GlobalID.from_id(str(raw)).type_name
        except ValueError:
            continue
        counts[type_name] = counts.get(type_name, 0) + 1
    return counts


def _lookup_calls(site: Site, raw_ids: Sequence[object]) -> int:
    lookups = lookup_calls()
    return sum(lookups.get(name, per_id)(site, count) for name, count in types_of(raw_ids).items())


@strawberry.type
class NodeQuery:
    @strawberry.field(
        metadata=cost(
            lambda site: _lookup_calls(site, [site.arg("id")]),
            types=lambda site: types_of([site.arg("id")]),
            provides=LOOKUPS_PROVIDE,
        ),
        extensions=requires(WORK_READ),
        description="Refetch any object by its global id; null when it is gone.",
    )
    async def node(
        self,
        info: Info,
        id: Annotated[
            strawberry.ID,
            strawberry.argument(description="A global id, as any object's `id` field gives it."),
        ],
    ) -> relay.Node | None:
        (node,) = await resolve_global_ids(info, [str(id)])
        if isinstance(node, GatewayError):
            raise node
        return node  # type: ignore[no-any-return]

    @strawberry.field(
        metadata=cost(
            lambda site: _lookup_calls(site, site.arg("ids", [])),
            items=lambda site: site.count("ids"),
            types=lambda site: types_of(site.arg("ids", [])),
            provides=LOOKUPS_PROVIDE,
        ),
        extensions=requires(WORK_READ),
        description="Refetch many objects by global id, in the order given; one that cannot be "
        "read is null, with its error at its index.",
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description=f"Global ids, of any types; at most {MAX_NODES}."),
        ],
    ) -> list[relay.Node | None]:
        path: list[str | int] = list(info.path.as_list())
        found = await resolve_global_ids(info, [str(i) for i in ids], argument="ids")
        for index, node in enumerate(found):
            if isinstance(node, GatewayError):
                info.context.report(node, [*path, index])
        return [None if isinstance(node, GatewayError) else node for node in found]
