"""Caller-given ids inside upstream URL paths: judged here, before any call, once for all sources.

An id becomes one percent-encoded path segment. What no segment can carry is the caller's
mistake (`BAD_USER_INPUT` naming the argument), not something to let the upstream refuse: an
empty id or `.`/`..` would name the collection or its parent, a slash (even encoded, which
servers and proxies often decode) another resource, a control character breaks the request
line, and a very long id breaks the URL.
"""

from __future__ import annotations

from urllib.parse import quote

from gateway.errors import BadUserInput

MAX_SEGMENT = 512


def path_segment(value: str, argument: str, source: str) -> str:
    """`value` encoded as one path segment of `source`'s URL, or `BadUserInput`."""
    problem = _problem(value)
    if problem is not None:
        raise BadUserInput(
            f"`{argument}` cannot name anything at {source}: {problem}",
            source=source,
            argument=argument,
        )
    return quote(value, safe="")


def _problem(value: str) -> str | None:
    if value in ("", ".", ".."):
        return "it is empty, `.` or `..`"
    if "/" in value or "\\" in value:
        return "it contains a slash"
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        return "it contains a control character"
    if len(value) > MAX_SEGMENT:
        return f"it is longer than {MAX_SEGMENT} characters"
    return None
