"""Which upstream failures are worth another attempt, and how long to wait before it.

Only idempotent methods are retried (a write is never silently repeated); a 429 is retried only
when its Retry-After fits within `max_retry_wait_s`, otherwise the caller is told when to retry.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

import httpx
from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from gateway.errors import UpstreamRateLimited, UpstreamTimeout, UpstreamUnavailable
from gateway.http.settings import UpstreamSettings

T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# 50 ms, 100 ms, 200 ms ... at most 1 s between attempts of a failure that gave no Retry-After.
_backoff = wait_exponential(multiplier=0.05, exp_base=2, max=1.0)


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


@dataclass(frozen=True)
class RetryPolicy:
    """One upstream's retry rules; a retry budget or a request deadline would plug in here."""

    retries: int
    max_retry_wait_s: float

    @classmethod
    def from_settings(cls, settings: UpstreamSettings) -> RetryPolicy:
        return cls(retries=settings.retries, max_retry_wait_s=settings.max_retry_wait_s)

    def attempts(self, method: str) -> int:
        return self.retries + 1 if method.upper() in IDEMPOTENT_METHODS else 1

    def is_transient(self, exc: BaseException) -> bool:
        if isinstance(exc, UpstreamRateLimited):
            delay = exc.details.get("retryAfter")
            return delay is not None and float(delay) <= self.max_retry_wait_s
        return isinstance(exc, UpstreamUnavailable | UpstreamTimeout)

    def wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, UpstreamRateLimited):
            return float(exc.details.get("retryAfter") or 0.0)
        return float(_backoff(state))

    async def run(self, method: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Await `attempt` until it succeeds, fails for good, or runs out of attempts."""
        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.attempts(method)),
            wait=self.wait,
            retry=retry_if_exception(self.is_transient),
            reraise=True,
        )
        async for attempt_state in retrying:
            with attempt_state:
                return await attempt()
        raise AssertionError("unreachable: tenacity re-raises the last failure")
