"""Which upstream failures are worth another attempt, and how long to wait before it.

Only idempotent methods are retried (a write is never silently repeated). A 429 or 503 with a
`Retry-After` is retried after that delay when it fits within `max_retry_wait_s`, otherwise the
caller is told when to retry; other transient failures wait a jittered exponential backoff.
A retry also needs the source's retry budget and time before the request's deadline: its wait
plus as long as the failed attempt took (the best guess of how long the next one takes).
"""

from __future__ import annotations

import email.utils
import random
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, wait_random_exponential

from gateway.errors import (
    CircuitOpen,
    DeadlineExceeded,
    GatewayError,
    UpstreamRateLimited,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from gateway.http.request_scope import RequestScope
from gateway.http.retry_budget import RetryBudget
from gateway.http.settings import UpstreamSettings
from gateway.metrics import observe_retry

T = TypeVar("T")

# Which attempt of its call an exchange is (1, then 2 for the first retry): traces show it.
current_attempt: ContextVar[int] = ContextVar("current_attempt", default=1)

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Full jitter over 50 ms, 100 ms, 200 ms ... at most 1 s, so that the retries of many requests
# hit by one failure do not arrive together.
_backoff = wait_random_exponential(multiplier=0.05, exp_base=2, max=1.0)


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Retry-After as seconds (delta or HTTP date), else RateLimit-Reset, else None."""
    for header in ("retry-after", "ratelimit-reset", "x-ratelimit-reset"):
        value = response.headers.get(header)
        if not value:
            continue
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value) if header == "retry-after" else None
            if parsed is not None:
                return max(0.0, parsed.timestamp() - time.time())
    return None


def _retry_after(exc: BaseException | None) -> float | None:
    delay = exc.details.get("retryAfter") if isinstance(exc, GatewayError) else None
    return float(delay) if delay is not None else None


@dataclass(frozen=True)
class RetryPolicy:
    """One upstream's retry rules, its retry budget, and the request's deadline and guards."""

    source: str
    retries: int
    max_retry_wait_s: float
    budget: RetryBudget | None = None

    @classmethod
    def from_settings(cls, source: str, settings: UpstreamSettings) -> RetryPolicy:
        budget = RetryBudget(
            ratio=settings.retry_budget_ratio,
            window_s=settings.retry_budget_window_s,
            min_retries=settings.retry_budget_min_retries,
        )
        return cls(source, settings.retries, settings.max_retry_wait_s, budget)

    def attempts(self, method: str) -> int:
        return self.retries + 1 if method.upper() in IDEMPOTENT_METHODS else 1

    def is_transient(self, exc: BaseException) -> bool:
        if isinstance(exc, CircuitOpen | DeadlineExceeded):
            return False
        if isinstance(exc, UpstreamRateLimited | UpstreamUnavailable):
            delay = _retry_after(exc)
            if delay is not None:
                return delay <= self.max_retry_wait_s
            # A throttle that does not say for how long is reported, not hammered.
            return not isinstance(exc, UpstreamRateLimited)
        return isinstance(exc, UpstreamTimeout)

    def wait(self, state: RetryCallState) -> float:
        delay = _retry_after(state.outcome.exception() if state.outcome else None)
        if delay is None:
            return float(_backoff(state))
        # Honour the upstream's delay, spread a little so retries do not arrive together.
        return delay + random.uniform(0, delay / 10)

    def may_retry(self, scope: RequestScope | None, wait_s: float, last_attempt_s: float) -> bool:
        """Deadline first, then budget, then the request's guards; says why it stops."""
        if scope is not None and not scope.retries_allowed:
            return False
        if scope is not None and not scope.fits(wait_s + last_attempt_s):
            observe_retry(self.source, "deadline")
            return False
        if self.budget is not None and not self.budget.try_retry():
            observe_retry(self.source, "budget")
            return False
        if scope is not None:
            try:
                scope.admit(self.source, retry=True)
            except GatewayError:
                observe_retry(self.source, "refused")
                return False
        observe_retry(self.source, "retried")
        return True

    async def run(
        self, method: str, attempt: Callable[[], Awaitable[T]], scope: RequestScope | None = None
    ) -> T:
        """Await `attempt` until it succeeds, fails for good, or may not be retried."""
        if self.budget is not None:
            self.budget.record_call()
        most = self.attempts(method)
        last_attempt_s = 0.0

        def stop(state: RetryCallState) -> bool:
            if state.attempt_number >= most:
                return True
            return not self.may_retry(scope, state.upcoming_sleep, last_attempt_s)

        retrying = AsyncRetrying(
            stop=stop, wait=self.wait, retry=retry_if_exception(self.is_transient), reraise=True
        )
        async for attempt_state in retrying:
            with attempt_state:
                started = time.monotonic()
                counted = current_attempt.set(attempt_state.retry_state.attempt_number)
                try:
                    return await attempt()
                finally:
                    current_attempt.reset(counted)
                    last_attempt_s = time.monotonic() - started
        raise AssertionError("unreachable: tenacity re-raises the last failure")
