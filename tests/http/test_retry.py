"""Transient failures of reads are retried; writes and long throttles are not."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from gateway.errors import UpstreamRateLimited, UpstreamUnavailable
from gateway.http import retry_after_seconds
from tests.http.helpers import answers, mock_http

OK = httpx.Response(200, json={"ok": True})


async def test_a_read_is_retried_after_a_5xx_and_succeeds() -> None:
    http, seen = mock_http(answers(httpx.Response(503), OK), retries=2)

    response = await http.request("GET", "/things")

    assert response.json() == {"ok": True}
    assert len(seen) == 2


async def test_a_read_stops_after_its_configured_retries() -> None:
    http, seen = mock_http(answers(httpx.Response(502)), retries=2)

    with pytest.raises(UpstreamUnavailable):
        await http.request("GET", "/things")

    assert len(seen) == 3


@pytest.mark.parametrize("method", ["POST", "PATCH", "PUT", "DELETE"])
async def test_a_write_is_never_repeated(method: str) -> None:
    http, seen = mock_http(answers(httpx.Response(503), OK), retries=2)

    with pytest.raises(UpstreamUnavailable):
        await http.request(method, "/things", json={"a": 1})

    assert len(seen) == 1


async def test_a_throttle_within_the_wait_bound_is_waited_out() -> None:
    throttled = httpx.Response(429, headers={"Retry-After": "0"})
    http, seen = mock_http(answers(throttled, OK), retries=1, max_retry_wait_s=1)

    assert (await http.request("GET", "/things")).status_code == 200
    assert len(seen) == 2


async def test_a_throttle_beyond_the_wait_bound_is_reported_with_its_delay() -> None:
    throttled = httpx.Response(429, headers={"Retry-After": "30"})
    http, seen = mock_http(answers(throttled), retries=2, max_retry_wait_s=5)

    with pytest.raises(UpstreamRateLimited) as raised:
        await http.request("GET", "/things")

    assert raised.value.extensions()["retryAfter"] == 30.0
    assert len(seen) == 1


def test_retry_after_is_read_as_seconds_a_date_or_a_rate_limit_reset() -> None:
    later = email.utils.formatdate(time.time() + 120, usegmt=True)

    assert retry_after_seconds(httpx.Response(429, headers={"Retry-After": "7"})) == 7.0
    from_date = retry_after_seconds(httpx.Response(429, headers={"Retry-After": later}))
    assert from_date is not None and 110 < from_date <= 120
    assert retry_after_seconds(httpx.Response(429, headers={"RateLimit-Reset": "3"})) == 3.0
    assert retry_after_seconds(httpx.Response(429, headers={"X-RateLimit-Reset": "4"})) == 4.0
    assert retry_after_seconds(httpx.Response(429)) is None


async def test_a_503_with_retry_after_is_retried_no_sooner_than_that() -> None:
    sent_at: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent_at.append(time.monotonic())
        if len(sent_at) == 1:
            return httpx.Response(503, headers={"Retry-After": "0.2"})
        return OK

    http, _ = mock_http(handler, retries=1, max_retry_wait_s=1)

    assert (await http.request("GET", "/things")).status_code == 200
    assert sent_at[1] - sent_at[0] >= 0.2


async def test_a_503_asking_for_more_than_the_wait_bound_is_reported_with_its_delay() -> None:
    unavailable = httpx.Response(503, headers={"Retry-After": "60"})
    http, seen = mock_http(answers(unavailable), retries=2, max_retry_wait_s=5)

    with pytest.raises(UpstreamUnavailable) as raised:
        await http.request("GET", "/things")

    assert raised.value.extensions()["retryAfter"] == 60.0
    assert len(seen) == 1
