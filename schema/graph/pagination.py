"""Cursor pagination shared by every connection: opaque offset cursors, upstream page windows."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

import strawberry
from strawberry import relay

from gateway.errors import BadUserInput

NodeT = TypeVar("NodeT", bound=relay.Node)
ConnectionT = TypeVar("ConnectionT", bound=relay.Connection[Any])

MAX_FIRST = 200

# The arguments every connection takes, described once; the limits are the ones checked below.
FIRST_20 = f"How many to return: 1 to {MAX_FIRST}, default 20."
FIRST_50 = f"How many to return: 1 to {MAX_FIRST}, default 50."
After = Annotated[
    str | None,
    strawberry.argument(
        description="Start after this cursor (`pageInfo.endCursor` of the previous page, asked "
        "with the same arguments); null for the first page. Another field's cursor is refused."
    ),
]


def encode_cursor(scope: str, offset: int) -> str:
    return base64.urlsafe_b64encode(f"{scope}:{offset}".encode()).decode()


def decode_cursor(scope: str, cursor: str | None) -> int:
    """The offset just after `cursor` (0 for no cursor); a foreign or broken cursor is refused."""
    if cursor is None:
        return 0
    try:
        kind, _, raw = base64.urlsafe_b64decode(cursor.encode()).decode().rpartition(":")
        offset = int(raw)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise BadUserInput(f"`after` is not a cursor of {scope}", argument="after") from None
    if kind != scope or offset < 0:
        raise BadUserInput(f"`after` is not a cursor of {scope}", argument="after")
    return offset + 1


def check_first(first: int, maximum: int = MAX_FIRST) -> int:
    if not 1 <= first <= maximum:
        raise BadUserInput(f"`first` must be between 1 and {maximum}", argument="first")
    return first


def page_window(offset: int, limit: int, cap: int) -> list[tuple[int, int]]:
    """Upstream pages (1-based number, size) that together cover items [offset, offset+limit).

    Cursors the gateway hands out keep `offset` a multiple of `limit`, which makes this one
    page; an unaligned offset looks for one page size that still covers it in a single call.
    """
    limit = min(limit, cap)
    for size in range(limit, cap + 1):
        if offset // size == (offset + limit - 1) // size:
            return [(offset // size + 1, size)]
    first_page = offset // limit + 1
    return [(first_page, limit), (first_page + 1, limit)]


def slice_window(
    pages: Sequence[tuple[tuple[int, int], Sequence[Any]]], offset: int, limit: int
) -> list[Any]:
    """The items [offset, offset+limit) out of the pages `page_window` asked for."""
    items: list[Any] = []
    start = None
    for (number, size), page in pages:
        if start is None:
            start = (number - 1) * size
        items.extend(page)
    skip = offset - (start or 0)
    return items[skip : skip + limit]


def connection(
    connection_type: type[ConnectionT],
    scope: str,
    nodes: Sequence[Any],
    *,
    offset: int,
    has_next_page: bool,
    **extra: Any,
) -> ConnectionT:
    edges = [
        relay.Edge(node=node, cursor=encode_cursor(scope, offset + i))
        for i, node in enumerate(nodes)
    ]
    page_info = relay.PageInfo(
        has_next_page=has_next_page,
        has_previous_page=offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return connection_type(edges=edges, page_info=page_info, **extra)
