"""The per-request guard of upstream calls: its deadline, and which calls may still start.

One `RequestScope` per GraphQL operation, built with the context and made current (`scoped`) by
the schema extension that records calls. The HTTP layer asks it before every call and every
retry (`admit`), bounds each attempt by the time left (`attempt_timeout`), and runs each call as
a task it can cancel (`run`): when the response is ready, `close()` cancels what is still in
flight and nothing new starts. With no current scope (start-up, the CLI) calls are unguarded.

More per-request limits (e.g. a budget of upstream calls) plug in as `CallGuard`s: each is asked
before every call and every retry and refuses by returning the error to raise.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Coroutine, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Protocol, TypeVar

from gateway.errors import DeadlineExceeded, GatewayError

T = TypeVar("T")


class CallGuard(Protocol):
    """One more condition on starting an upstream call or retry within a request."""

    def admit(self, scope: RequestScope, source: str, *, retry: bool) -> GatewayError | None:
        """None to let the call start (and count it); otherwise the error the caller gets."""
        ...


class RequestScope:
    """The deadline and the in-flight upstream calls of one request."""

    def __init__(
        self,
        timeout_s: float | None,
        *,
        guards: Sequence[CallGuard] = (),
        retries: bool = True,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.timeout_s = timeout_s
        self.deadline = None if timeout_s is None else clock() + timeout_s
        self.guards = list(guards)
        # False for probes: one attempt each, so their time bound is the attempt's.
        self.retries_allowed = retries
        self.calls_started = 0
        self.retries_started = 0
        self.credentials_started = 0
        self.cancelled = 0
        self.closed = False
        self._clock = clock
        self._in_flight: set[asyncio.Task[Any]] = set()
        self._on_close: list[Callable[[], None]] = []

    def remaining(self) -> float | None:
        """Seconds left before the deadline (never negative); None when there is none."""
        return None if self.deadline is None else max(0.0, self.deadline - self._clock())

    def fits(self, seconds: float) -> bool:
        """Whether something taking `seconds` would end before the deadline."""
        left = self.remaining()
        return left is None or seconds < left

    def attempt_timeout(self, timeout_s: float) -> tuple[float, bool]:
        """An attempt's time bound: its own timeout, or what is left if less (then True)."""
        left = self.remaining()
        if left is None or timeout_s <= left:
            return timeout_s, False
        return left, True

    def admit(self, source: str, *, retry: bool = False, credential: bool = False) -> None:
        """Raise the reason a call (or a retry) may not start now; count it otherwise.

        A `credential` call (a token fetch or login) serves every request after it: it keeps to
        the deadline but not to the guards (the call budget), and is counted on its own.
        """
        if self.closed:
            raise DeadlineExceeded(
                f"{source} was not called: the response had already been sent", source=source
            )
        if self.remaining() == 0.0:
            raise self.deadline_error(source)
        if credential:
            self.credentials_started += 1
            return
        for guard in self.guards:
            refused = guard.admit(self, source, retry=retry)
            if refused is not None:
                raise refused
        if retry:
            self.retries_started += 1
        else:
            self.calls_started += 1

    def deadline_error(self, source: str) -> DeadlineExceeded:
        return DeadlineExceeded(
            f"{source} did not answer within the request's deadline ({self.timeout_s:g} s)",
            source=source,
        )

    async def run(self, call: Coroutine[Any, Any, T]) -> T:
        """Await `call` as a task that `close()` can cancel if the response goes out first."""
        if self.closed:
            call.close()
            raise DeadlineExceeded("the response had already been sent")
        task = asyncio.ensure_future(call)
        self._in_flight.add(task)
        task.add_done_callback(self._in_flight.discard)
        return await task

    def on_close(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Have `close()` call `callback` at once (before any task it cancels runs again).

        For work the scope does not own outright (a read shared with other requests,
        `gateway.http.inflight`); returns the function that takes the callback back.
        """
        self._on_close.append(callback)

        def take_back() -> None:
            if callback in self._on_close:
                self._on_close.remove(callback)

        return take_back

    def close(self) -> int:
        """The response is ready: cancel the calls still in flight; none starts after this."""
        self.closed = True
        callbacks, self._on_close = self._on_close, []
        for callback in callbacks:
            callback()
        pending = [t for t in self._in_flight if not t.done() and t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        self.cancelled += len(pending)
        return len(pending)

    @property
    def in_flight(self) -> int:
        return sum(1 for t in self._in_flight if not t.done())


current_scope: ContextVar[RequestScope | None] = ContextVar("current_scope", default=None)


@contextmanager
def scoped(scope: RequestScope) -> Iterator[RequestScope]:
    """Make `scope` the current one for the block, and close it when the block ends."""
    token = current_scope.set(scope)
    try:
        yield scope
    finally:
        current_scope.reset(token)
        scope.close()
