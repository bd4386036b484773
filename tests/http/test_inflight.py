"""Identical reads of concurrent requests share one upstream call, and nothing else is shared."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import httpx
import pytest

from gateway.calls import CallLog, recording
from gateway.errors import DeadlineExceeded, UpstreamUnavailable
from gateway.http.request_scope import RequestScope, scoped
from tests.http.helpers import mock_http


class Gate:
    """An upstream that answers only when the test opens it; counts what reached it."""

    def __init__(self, status: int = 200) -> None:
        self.opened = asyncio.Event()
        self.status = status
        self.started = 0
        self.cancelled = 0

    async def handler(self, request: httpx.Request) -> httpx.Response:
        if request.method != "GET":
            return httpx.Response(200, json={"path": request.url.path})
        self.started += 1
        try:
            await self.opened.wait()
        except asyncio.CancelledError:
            self.cancelled += 1
            raise
        return httpx.Response(self.status, json={"path": request.url.path})


async def settle() -> None:
    for _ in range(5):
        await asyncio.sleep(0)


async def in_request(
    read: Callable[[], Awaitable[httpx.Response]], timeout_s: float | None = None
) -> tuple[RequestScope, CallLog, asyncio.Task[httpx.Response]]:
    """Start a read as one GraphQL request would: in its own scope and call log."""
    scope, log = RequestScope(timeout_s), CallLog(started_at=0.0)

    async def run() -> httpx.Response:
        with recording(log), scoped(scope):
            return await read()

    return scope, log, asyncio.create_task(run())


async def test_concurrent_identical_reads_make_one_call_and_all_get_its_answer() -> None:
    gate = Gate()
    http, seen = mock_http(gate.handler)
    reads = [asyncio.create_task(http.request("GET", "/lists/7")) for _ in range(5)]
    await settle()
    gate.opened.set()

    answers = await asyncio.gather(*reads)

    assert len(seen) == 1
    assert {a.json()["path"] for a in answers} == {"/lists/7"}


async def test_reads_for_different_users_or_urls_are_never_shared() -> None:
    gate = Gate()
    gate.opened.set()
    http, seen = mock_http(gate.handler)

    await asyncio.gather(
        http.request("GET", "/work", headers={"X-On-Behalf-Of": "a@example.com"}),
        http.request("GET", "/work", headers={"X-On-Behalf-Of": "b@example.com"}),
        http.request("GET", "/work", params={"page": "2"}),
    )

    assert len(seen) == 3


async def test_a_shared_failure_reaches_only_those_already_waiting() -> None:
    gate = Gate(status=503)
    http, seen = mock_http(gate.handler, retries=0)
    waiting = [asyncio.create_task(http.request("GET", "/lists/7")) for _ in range(2)]
    await settle()
    gate.opened.set()

    failures = await asyncio.gather(*waiting, return_exceptions=True)
    assert all(isinstance(f, UpstreamUnavailable) for f in failures)

    gate.status = 200
    later = await http.request("GET", "/lists/7")
    assert later.status_code == 200
    assert len(seen) == 2


async def test_a_request_that_leaves_does_not_cancel_the_call_for_the_others() -> None:
    gate = Gate()
    http, seen = mock_http(gate.handler)
    first_scope, _, first = await in_request(lambda: http.request("GET", "/lists/7"))
    _, second_log, second = await in_request(lambda: http.request("GET", "/lists/7"))
    await settle()

    first_scope.close()  # its response went out
    first.cancel()
    await settle()
    gate.opened.set()

    assert (await second).status_code == 200
    assert (len(seen), gate.cancelled) == (1, 0)
    assert second_log.shared == 1


async def test_a_waiter_past_its_deadline_times_out_alone() -> None:
    gate = Gate()
    http, _ = mock_http(gate.handler)
    _, _, patient = await in_request(lambda: http.request("GET", "/lists/7"), timeout_s=5)
    _, _, hurried = await in_request(lambda: http.request("GET", "/lists/7"), timeout_s=0.05)

    with pytest.raises(DeadlineExceeded):
        await hurried
    gate.opened.set()

    assert (await patient).status_code == 200
    assert gate.cancelled == 0


async def test_the_call_is_cancelled_once_every_waiter_has_gone() -> None:
    gate = Gate()
    http, seen = mock_http(gate.handler)
    scopes = [await in_request(lambda: http.request("GET", "/lists/7")) for _ in range(2)]
    await settle()

    for scope, _, task in scopes:
        scope.close()
        task.cancel()
    await settle()

    assert (len(seen), gate.cancelled) == (1, 1)
    assert len(http.inflight or ()) == 0


async def test_a_read_asked_after_a_write_makes_its_own_call() -> None:
    gate = Gate()
    http, seen = mock_http(gate.handler)
    before = asyncio.create_task(http.request("GET", "/lists/7"))
    await settle()
    await http.request("PATCH", "/lists/7", json={"name": "new"})
    after = asyncio.create_task(http.request("GET", "/lists/7"))
    await settle()
    gate.opened.set()

    await asyncio.gather(before, after)

    assert [r.method for r in seen] == ["GET", "PATCH", "GET"]


async def test_sharing_can_be_switched_off() -> None:
    gate = Gate()
    gate.opened.set()
    http, seen = mock_http(gate.handler, share_identical_reads=False)

    await asyncio.gather(*(http.request("GET", "/lists/7") for _ in range(3)))

    assert len(seen) == 3
