"""Every exchange lands in the request's call log, without its query string."""

from __future__ import annotations

import asyncio
import logging
import time

import httpx
import pytest

from gateway.calls import CallLog, recording
from gateway.errors import UpstreamTimeout, UpstreamUnavailable
from gateway.http.request_scope import RequestScope, scoped
from tests.http.helpers import answers, mock_http


async def test_each_attempt_is_recorded_with_its_status_and_batch_size() -> None:
    http, _ = mock_http(answers(httpx.Response(503), httpx.Response(200, json={})), retries=1)

    with recording(CallLog(started_at=time.perf_counter())) as log:
        await http.request("GET", "/things", params={"ids": "1,2,3"}, batch_size=3)

    assert [(c.source, c.method, c.path, c.status, c.batch_size) for c in log.calls] == [
        ("upstream", "GET", "/things", 503, 3),
        ("upstream", "GET", "/things", 200, 3),
    ]


async def test_a_failed_exchange_is_recorded_by_its_error_name() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    http, _ = mock_http(handler, retries=0)

    with (
        recording(CallLog(started_at=time.perf_counter())) as log,
        pytest.raises(UpstreamUnavailable),
    ):
        await http.request("POST", "/things")

    assert [(c.status, c.error) for c in log.calls] == [(None, "ConnectError")]


async def test_the_log_line_names_the_path_but_never_the_query(
    caplog: pytest.LogCaptureFixture,
) -> None:
    http, _ = mock_http(answers(httpx.Response(200)))

    with caplog.at_level(logging.DEBUG, logger="gateway.http"):
        await http.request("GET", "/things", params={"key": "secret-key-123"})

    assert "upstream upstream GET /things -> 200" in caplog.text
    assert "secret-key-123" not in caplog.text


async def test_a_timeout_is_recorded_as_a_timeout_and_a_cancelled_call_as_cancelled() -> None:
    arrived = asyncio.Event()

    async def hang(request: httpx.Request) -> httpx.Response:
        arrived.set()
        await asyncio.sleep(60)
        return httpx.Response(200)

    http, _ = mock_http(hang, timeout_s=0.02, retries=0)
    with recording(CallLog(started_at=time.perf_counter())) as log:
        with pytest.raises(UpstreamTimeout):
            await http.request("GET", "/timed-out")
        with scoped(RequestScope(10)):
            arrived.clear()
            call = asyncio.ensure_future(http.request("GET", "/cancelled"))
            await arrived.wait()
        with pytest.raises(asyncio.CancelledError):
            await call

    assert [(c.path, c.error) for c in log.calls] == [
        ("/timed-out", "timeout"),
        ("/cancelled", "cancelled"),
    ]
