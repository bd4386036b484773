"""The circuit breaker: opens on repeated failures, fails fast, recovers through half-open."""

from __future__ import annotations

import httpx
import pytest

from gateway.errors import CircuitOpen, NotFound, UpstreamRateLimited, UpstreamUnavailable
from gateway.http.breaker import CircuitBreaker
from tests.http.helpers import answers, mock_http


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def breaker(clock: FakeClock, **overrides: float) -> CircuitBreaker:
    settings = {"failure_threshold": 3, "open_s": 10.0, "half_open_calls": 1} | overrides
    return CircuitBreaker("upstream", clock=clock, **settings)  # type: ignore[arg-type]


def test_consecutive_failures_open_it_and_a_success_in_between_resets_the_count() -> None:
    clock = FakeClock()
    b = breaker(clock)
    for outcome in ("fail", "fail", "ok", "fail", "fail"):
        b.admit()
        b.record_failure() if outcome == "fail" else b.record_success()
    assert b.state == "closed"

    b.admit()
    b.record_failure()

    assert b.state == "open"
    with pytest.raises(CircuitOpen) as refused:
        b.admit()
    assert refused.value.extensions()["retryAfter"] == 10
    assert refused.value.code == "UPSTREAM_UNAVAILABLE"


def test_after_the_cool_down_one_trial_goes_through_and_its_success_closes_it() -> None:
    clock = FakeClock()
    b = breaker(clock, failure_threshold=1)
    b.admit()
    b.record_failure()
    clock.now += 10

    assert b.state == "half_open"
    b.admit()  # the trial
    with pytest.raises(CircuitOpen):
        b.admit()  # no second call while the trial is out
    b.record_success()

    assert b.state == "closed"
    b.admit()


def test_a_failed_trial_opens_it_again_for_a_full_cool_down() -> None:
    clock = FakeClock()
    b = breaker(clock, failure_threshold=1)
    b.admit()
    b.record_failure()
    clock.now += 10
    b.admit()
    b.record_failure()

    assert b.state == "open"
    assert b.retry_after_s() == 10


async def test_an_open_breaker_answers_without_calling_the_upstream() -> None:
    http, seen = mock_http(
        answers(httpx.Response(503)), retries=0, breaker_failure_threshold=2, breaker_open_s=30
    )
    for _ in range(2):
        with pytest.raises(UpstreamUnavailable):
            await http.request("GET", "/things")

    with pytest.raises(CircuitOpen):
        await http.request("GET", "/things")
    assert len(seen) == 2


async def test_answers_that_are_not_the_upstreams_fault_do_not_open_it() -> None:
    throttled = httpx.Response(429)
    http, seen = mock_http(
        answers(httpx.Response(404), throttled), retries=0, breaker_failure_threshold=1
    )
    with pytest.raises(NotFound):
        await http.request("GET", "/things")
    for _ in range(3):
        with pytest.raises(UpstreamRateLimited):
            await http.request("GET", "/things")

    assert http.breaker.state == "closed"
    assert len(seen) == 4
