"""The retry budget keeps retries a bounded share of an upstream's calls."""

from __future__ import annotations

import httpx
import pytest

from gateway.errors import UpstreamUnavailable
from gateway.http.retry_budget import RetryBudget
from tests.http.helpers import answers, mock_http


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_retries_stay_within_the_floor_plus_the_share_of_calls() -> None:
    clock = FakeClock()
    budget = RetryBudget(ratio=0.2, window_s=10, min_retries=1, clock=clock)
    for _ in range(10):
        budget.record_call()

    granted = [budget.try_retry() for _ in range(5)]

    assert granted == [True, True, True, False, False]  # 1 + 0.2 x 10


def test_the_budget_comes_back_as_the_window_moves_on() -> None:
    clock = FakeClock()
    budget = RetryBudget(ratio=0.0, window_s=10, min_retries=1, clock=clock)
    assert budget.try_retry()
    assert not budget.try_retry()

    clock.now += 10

    assert budget.try_retry()


async def test_a_spent_budget_turns_retries_into_immediate_failures() -> None:
    http, seen = mock_http(
        answers(httpx.Response(503)), retries=3, retry_budget_ratio=0, retry_budget_min_retries=2
    )
    for _ in range(3):
        with pytest.raises(UpstreamUnavailable):
            await http.request("GET", "/things")

    # Two retries in all (the floor), then each call gets its single attempt.
    assert len(seen) == 3 + 2
