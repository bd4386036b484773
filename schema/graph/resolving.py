"""Resolvers that answer at once when the value is at hand, and later only when it is not.

An `async def` resolver costs a coroutine, and graphql-core a task and a gather, for every
object of a list, even when the value is already there (a page that loaded its related objects
for all its items at once). A plain resolver may return an awaitable instead of a value: then
graphql-core awaits it. `later()` marks that case for the type checker.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar, cast

T = TypeVar("T")


def later(value: Awaitable[T]) -> T:
    """The awaitable a plain resolver returns for graphql-core to await (typed as its value)."""
    return cast(T, value)
