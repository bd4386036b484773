"""Global ids in arguments, and the composite keys some types keep inside theirs.

Every argument called `id` (or `<type>Id`, as in `inventoryListId`) takes the global id the
graph returned; an upstream's own id only ever goes in an argument named for it (`upstreamIds`,
`catalogItemUpstreamId`). A global id of another type is refused here, before any upstream
call, so a client never mistakes a wrong id for a missing object.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar
from urllib.parse import quote, unquote

import strawberry
from strawberry import relay

from gateway.errors import BadUserInput

T = TypeVar("T")

KEY_SEPARATOR = "|"  # never inside a part: each part is percent-encoded first


def join_key(*parts: str) -> str:
    """A node key from several upstream ids, e.g. a work item's inventory source and id."""
    return KEY_SEPARATOR.join(quote(part, safe="") for part in parts)


def split_key(key: str, count: int) -> tuple[str, ...] | None:
    """The parts `join_key` joined; None when `key` does not have `count` non-empty parts."""
    parts = tuple(unquote(part) for part in key.split(KEY_SEPARATOR))
    if len(parts) != count or not all(parts):
        return None
    return parts


def type_name(node_type: type[relay.Node]) -> str:
    name: str = node_type.__strawberry_definition__.name  # type: ignore[attr-defined]
    return name


def global_id(node_type: type[relay.Node], key: str) -> strawberry.ID:
    """The global id the graph gives the object of `node_type` whose node key is `key`."""
    return strawberry.ID(str(relay.GlobalID(type_name(node_type), key)))


def node_key(raw: object, node_type: type[relay.Node], *, argument: str = "id") -> str:
    """The node key inside a global id of `node_type`; any other id is the caller's mistake."""
    expected = type_name(node_type)
    try:
        gid = relay.GlobalID.from_id(str(raw))
    except ValueError:
        raise BadUserInput(
            f"`{argument}` must be a global {expected} id (its `id` field), not {raw!r}",
            argument=argument,
        ) from None
    if gid.type_name != expected:
        raise BadUserInput(
            f"`{argument}` must be a {expected} id; {raw!r} is the id of a {gid.type_name}",
            argument=argument,
        )
    return gid.node_id


def node_keys(
    raws: list[strawberry.ID], node_type: type[relay.Node], *, argument: str
) -> list[str]:
    return [node_key(raw, node_type, argument=f"{argument}.{i}") for i, raw in enumerate(raws)]


def parsed_key(
    raw: object,
    node_type: type[relay.Node],
    parse: Callable[[str], T | None],
    *,
    argument: str = "id",
) -> T | None:
    """The parsed key of a global id of `node_type`; None when the key names nothing."""
    return parse(node_key(raw, node_type, argument=argument))
