"""A circuit breaker per upstream: stop calling one that keeps failing, then try it again.

Closed: calls go through and consecutive failures are counted; `failure_threshold` of them open
it. Open: calls fail at once (`CircuitOpen`, with `retryAfter`) and reach nothing, for `open_s`.
Half-open: up to `half_open_calls` trial calls go through; a success closes it, a failure opens
it again. Only signs that the upstream is unwell count as failures (5xx, unreachable, its own
timeout), never a caller's mistake, a throttle or the request's deadline.

Per process, in memory (docs/resilience.md explains why it is not shared through Redis).
Written here rather than taken from a library: purgatory lets every concurrent call through when
half-open and reads the wall clock; pybreaker is synchronous.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from enum import StrEnum

from gateway.errors import CircuitOpen
from gateway.metrics import observe_breaker

logger = logging.getLogger(__name__)


class BreakerState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


class CircuitBreaker:
    """One upstream's breaker; `admit()` before an attempt, then one `record_*` after it."""

    def __init__(
        self,
        source: str,
        *,
        failure_threshold: int,
        open_s: float,
        half_open_calls: int = 1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.failure_threshold = failure_threshold
        self.open_s = open_s
        self.half_open_calls = half_open_calls
        self._clock = clock
        self._state = BreakerState.CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trials = 0
        observe_breaker(source, self._state.value)

    @property
    def state(self) -> BreakerState:
        """The state now; an open breaker whose cool-down is over reads as half-open."""
        if self._state is BreakerState.OPEN and self.retry_after_s() == 0.0:
            self._move(BreakerState.HALF_OPEN)
        return self._state

    def retry_after_s(self) -> float:
        """Seconds until an open breaker lets a trial call through (0 when not open)."""
        if self._state is not BreakerState.OPEN:
            return 0.0
        return max(0.0, self._opened_at + self.open_s - self._clock())

    def check(self) -> None:
        """Raise `CircuitOpen` while open, without taking a half-open trial."""
        if self.state is BreakerState.OPEN:
            raise self._refusal(self.retry_after_s())

    def admit(self) -> None:
        """Raise `CircuitOpen` instead of letting a call reach a failing upstream."""
        state = self.state
        if state is BreakerState.CLOSED:
            return
        if state is BreakerState.HALF_OPEN and self._trials < self.half_open_calls:
            self._trials += 1
            return
        # Half-open with its trial calls under way: their answer comes within one attempt.
        raise self._refusal(self.retry_after_s() if state is BreakerState.OPEN else 1.0)

    def _refusal(self, wait_s: float) -> CircuitOpen:
        return CircuitOpen(
            f"{self.source} is failing; the gateway is not calling it for now (circuit open)",
            source=self.source,
            retryAfter=math.ceil(wait_s),
        )

    def record_success(self) -> None:
        self._failures = 0
        if self._state is not BreakerState.CLOSED:
            self._move(BreakerState.CLOSED)

    def record_failure(self) -> None:
        self._failures += 1
        if self._state is BreakerState.HALF_OPEN or (
            self._state is BreakerState.CLOSED and self._failures >= self.failure_threshold
        ):
            self._open()

    def record_neutral(self) -> None:
        """An attempt that says nothing about the upstream's health (cancelled, throttled)."""
        if self._state is BreakerState.HALF_OPEN and self._trials > 0:
            self._trials -= 1

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._move(BreakerState.OPEN)
        logger.warning(
            "circuit for %s opened after %d failures; calls fail fast for %g s",
            self.source,
            self._failures,
            self.open_s,
        )

    def _move(self, state: BreakerState) -> None:
        self._state = state
        self._trials = 0
        if state is BreakerState.CLOSED:
            logger.info("circuit for %s closed: it answers again", self.source)
        observe_breaker(self.source, state.value)
