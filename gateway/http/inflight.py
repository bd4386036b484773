"""Identical reads of concurrent requests share one upstream call (`InFlight`, one per upstream).

A GET is identical to another when its URL (query included) and headers (the acting user's
included) are: the upstream would give both the same answer. The first request starts the call;
those that ask while it is in flight wait for its answer, each within its own deadline. The call
itself belongs to no request: it runs under the upstream's own timeout and retry policy, one
waiter's deadline or cancellation never cancels it for the others, and it is cancelled only
when every waiter has gone. It leaves the table the moment it ends, so a failure is shared
only by the requests that were already waiting for it; a write to the upstream empties the
table, so a read asked after the write never joins a call that started before it.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Callable, Coroutine, Hashable
from typing import Any

import httpx

from gateway.calls import current_call_log
from gateway.http.request_scope import RequestScope, current_scope

# Runs the call under the scope it is given (see `InFlight.start`).
logger = logging.getLogger(__name__)

Start = Callable[[RequestScope | None], Coroutine[Any, Any, httpx.Response]]

# The message a shared call is cancelled with when its last waiter's deadline passed: the call
# record then says `timeout`, as it would have for a call of that request alone.
DEADLINE = "deadline"


def read_key(request: httpx.Request, *extra: Hashable) -> Hashable:
    """What makes two reads the same read: method, URL with its query, and every header."""
    headers = tuple(sorted(request.headers.multi_items()))
    return (request.method, str(request.url), headers, *extra)


class SharedCall:
    """One upstream call and the number of requests waiting for it."""

    def __init__(self, task: asyncio.Task[httpx.Response]) -> None:
        self.task = task
        self.waiters = 0

    async def answer(self) -> httpx.Response:
        return await asyncio.shield(self.task)

    def leave(self, reason: str | None) -> None:
        self.waiters -= 1
        if self.waiters == 0 and not self.task.done():
            # Every request that wanted the answer has gone (deadline, response sent).
            self.task.cancel(reason)


class InFlight:
    """The reads in flight to one upstream, by `read_key`."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._calls: dict[Hashable, SharedCall] = {}

    def __len__(self) -> int:
        return len(self._calls)

    def joinable(self, key: Hashable) -> SharedCall | None:
        return self._calls.get(key)

    def start(self, key: Hashable, start: Start, scope: RequestScope | None) -> SharedCall:
        """Run `start` as a call no request can cancel, under its starter's policies.

        It gets a scope of its own with the starting request's deadline, guards and retry policy
        (so attempts and retries fit that deadline and count against its call budget, as for a
        call of that request alone) that no response ever closes. It is recorded in the call
        log of the request that started it.
        """
        detached = None
        if scope is not None:
            detached = RequestScope(
                scope.remaining(), guards=scope.guards, retries=scope.retries_allowed
            )
        context = contextvars.copy_context()
        context.run(current_scope.set, detached)
        task = asyncio.get_running_loop().create_task(start(detached), context=context)
        call = self._calls[key] = SharedCall(task)

        def leave(_: asyncio.Task[httpx.Response]) -> None:
            if self._calls.get(key) is call:
                del self._calls[key]
            if not task.cancelled():
                task.exception()  # retrieved: a failure nobody waited for is not "never seen"

        task.add_done_callback(leave)
        return call

    def forget(self) -> None:
        """After a write: reads from now on start their own calls (those waiting keep theirs)."""
        self._calls.clear()

    async def wait(
        self, call: SharedCall, scope: RequestScope | None, *, joined: bool = False
    ) -> httpx.Response:
        """The call's answer, within the request's deadline; a joined call is marked shared."""
        log = current_call_log.get()
        if joined:
            logger.debug("%s: a read joins the identical call in flight", self.source)
            if log is not None:
                log.shared += 1
        # Counted before the first await; the scope's closing takes this waiter off at once,
        # so a call only this request wanted is cancelled before it takes another step.
        call.waiters += 1
        waiter = _Waiter(call)
        take_back = scope.on_close(waiter.leave) if scope is not None else None
        reason: str | None = None
        try:
            if scope is None:
                return await call.answer()
            try:
                async with asyncio.timeout(scope.remaining()):
                    # A task of the request's scope: cancelled (this waiter only) when it closes.
                    return await scope.run(call.answer())
            except TimeoutError:
                reason = DEADLINE
                raise scope.deadline_error(self.source) from None
        finally:
            if take_back is not None:
                take_back()
            waiter.leave(reason)


class _Waiter:
    """One request's wait for a shared call; it leaves once, however its wait ends."""

    def __init__(self, call: SharedCall) -> None:
        self.call = call
        self.gone = False

    def leave(self, reason: str | None = None) -> None:
        if not self.gone:
            self.gone = True
            self.call.leave(reason)
