"""Identical root fields under different aliases, with the same arguments, run once a request.

`{ a: sendTasks(first: 50) { ... } b: sendTasks(first: 50) { ... } }` reads limbo/Beat once; each
alias still resolves its own selection on the shared answer. Only query roots: a mutation asked
twice is meant twice. Sync resolvers are left alone (one returns awaitables, which can only be
awaited once), as is every field below the root.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.types import Info

# Per request (context), the answers of its root fields by name and arguments.
_ANSWERS: weakref.WeakKeyDictionary[Any, dict[tuple[str, str], asyncio.Future[Any]]] = (
    weakref.WeakKeyDictionary()
)


class OncePerRequest(FieldExtension):
    """Shares a root field's answer between its aliases that pass the same arguments."""

    def resolve(self, next_: Callable[..., Any], source: Any, info: Info, **kwargs: Any) -> Any:
        return next_(source, info, **kwargs)

    async def resolve_async(
        self, next_: Callable[..., Awaitable[Any]], source: Any, info: Info, **kwargs: Any
    ) -> Any:
        answers = _ANSWERS.setdefault(info.context, {})
        # Inputs are dataclasses and enums: their reprs tell equal arguments from different ones.
        key = (info.field_name, repr(sorted(kwargs.items())))
        shared = answers.get(key)
        if shared is not None:
            return await asyncio.shield(shared)
        # The first alias resolves in its own task, as without this extension (a task of our
        # own would outlive the request scope's bookkeeping); the others wait for its answer.
        answer: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        # Read the outcome once, so an error no other alias waited for is not reported twice.
        answer.add_done_callback(lambda done: done.cancelled() or done.exception())
        answers[key] = answer
        try:
            result = await next_(source, info, **kwargs)
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                answer.cancel()
            else:
                answer.set_exception(exc)
            raise
        answer.set_result(result)
        return result


def once_per_request(root: type) -> None:
    """Gives every field of the query root the extension (once, however often it is called)."""
    for field in root.__strawberry_definition__.fields:  # type: ignore[attr-defined]
        if not any(isinstance(e, OncePerRequest) for e in field.extensions):
            field.extensions.append(OncePerRequest())
