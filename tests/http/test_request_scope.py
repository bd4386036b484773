"""The request scope: the deadline bounds attempts, and closing it cancels what is in flight."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from gateway.errors import DeadlineExceeded, GatewayError, UpstreamTimeout
from gateway.http.request_scope import RequestScope, scoped
from tests.http.helpers import answers, mock_http


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class AtMost:
    """A guard like the per-request call budget: refuses once `limit` calls have started."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def admit(self, scope: RequestScope, source: str, *, retry: bool) -> GatewayError | None:
        started = scope.calls_started + scope.retries_started
        return GatewayError("over budget", source=source) if started >= self.limit else None


def test_the_deadline_clips_an_attempt_that_would_outlast_it() -> None:
    clock = FakeClock()
    scope = RequestScope(2.0, clock=clock)

    assert scope.attempt_timeout(5.0) == (2.0, True)
    assert scope.attempt_timeout(1.0) == (1.0, False)
    clock.now += 1.5
    assert scope.fits(0.4) and not scope.fits(0.6)
    clock.now += 1.0
    with pytest.raises(DeadlineExceeded):
        scope.admit("upstream")


def test_a_guard_refuses_calls_and_retries_with_its_own_error() -> None:
    scope = RequestScope(None, guards=[AtMost(2)])
    scope.admit("upstream")
    scope.admit("upstream", retry=True)

    with pytest.raises(GatewayError, match="over budget"):
        scope.admit("upstream")
    assert (scope.calls_started, scope.retries_started) == (1, 1)


async def test_an_upstream_hanging_past_the_deadline_is_a_timeout_error() -> None:
    async def hang(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(60)
        return httpx.Response(200)

    http, seen = mock_http(hang, timeout_s=60, retries=3)

    with scoped(RequestScope(0.05)), pytest.raises(UpstreamTimeout, match="deadline"):
        await http.request("GET", "/things")
    # Nothing was left for a retry.
    assert len(seen) == 1


async def test_closing_the_scope_cancels_calls_in_flight_and_refuses_new_ones() -> None:
    arrived = asyncio.Event()
    cancelled: list[str] = []

    async def slow(request: httpx.Request) -> httpx.Response:
        arrived.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.append(request.url.path)
            raise
        return httpx.Response(200)

    http, seen = mock_http(slow)
    with scoped(RequestScope(10)) as scope:
        call = asyncio.ensure_future(http.request("GET", "/slow"))
        await arrived.wait()
    # Leaving the block is what the schema extension does once the result is ready.

    with pytest.raises(asyncio.CancelledError):
        await call
    assert cancelled == ["/slow"] and scope.cancelled == 1
    assert scope.closed and scope.in_flight == 0
    with scoped(scope), pytest.raises(DeadlineExceeded, match="already been sent"):
        await http.request("GET", "/later")
    assert [r.url.path for r in seen] == ["/slow"]


async def test_without_a_scope_calls_are_bounded_by_their_own_timeout_only() -> None:
    http, seen = mock_http(answers(httpx.Response(200)))

    assert (await http.request("GET", "/things")).status_code == 200
    assert len(seen) == 1
