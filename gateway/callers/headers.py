"""Reading identity headers strictly: at most one of each, and printable ASCII only."""

from __future__ import annotations

import re
from collections.abc import Iterable

from gateway.callers.errors import AuthenticationFailed, HeaderNotText

# Visible ASCII and inner spaces: what an HTTP header or an upstream's header can carry as is.
TEXT = re.compile(r"[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?")


class RequestHeaders:
    """A request's headers as (name, value) pairs, the way Starlette or a handshake gives them."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self._values: dict[str, list[str]] = {}
        for name, value in pairs:
            self._values.setdefault(name.lower(), []).append(value)

    def present(self, name: str) -> bool:
        return name.lower() in self._values

    def one(self, name: str) -> str | None:
        """The header's value; two of them are refused, since a proxy may append, not replace."""
        values = self._values.get(name.lower(), [])
        if len(values) > 1:
            raise AuthenticationFailed(f"more than one {name} header")
        if not values:
            return None
        return text(values[0], name)


def text(value: str, name: str) -> str:
    """The value stripped, or `HeaderNotText`: a non-ASCII user cannot travel in a header."""
    stripped = value.strip()
    if not TEXT.fullmatch(stripped):
        raise HeaderNotText(f"the {name} header is empty or not printable ASCII text")
    return stripped
