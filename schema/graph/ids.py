"""Global ids in arguments, and the composite keys some types keep inside theirs.

Every argument called `id` (or `<type>Id`, as in `inventoryListId`) takes the global id the
graph returned; an upstream's own id only ever goes in an argument named for it (`upstreamIds`,
`catalogItemUpstreamId`). A global id of another type is refused here, before any upstream
call, so a client never mistakes a wrong id for a missing object.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import strawberry
from strawberry import relay

from gateway.errors import BadUserInput

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


def _a(name: str) -> str:
    return f"{'an' if name[:1] in tuple('AEIOU') else 'a'} {name}"


def node_key(raw: object, node_type: type[relay.Node], *, argument: str = "id") -> str:
    """The node key inside a global id of `node_type`; any other id is the caller's mistake."""
    expected = type_name(node_type)
    shown = repr(str(raw)[:40] + ("..." if len(str(raw)) > 40 else ""))
    try:
        gid = relay.GlobalID.from_id(str(raw))
    except ValueError:
        raise BadUserInput(
            f"`{argument}` must be a global {expected} id (its `id` field), not {shown}",
            argument=argument,
        ) from None
    if gid.type_name != expected:
        other = gid.type_name[:40]  # the caller's own text: an id may name any type
        raise BadUserInput(
            f"`{argument}` must be {_a(expected)} id; {shown} is the id of {_a(other)}",
            argument=argument,
        )
    if not gid.node_id:
        raise BadUserInput(f"`{argument}` names no {expected}: its key is empty", argument=argument)
    return gid.node_id
