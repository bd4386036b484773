"""A retry budget per upstream: retries stay a bounded share of the calls over a recent window.

Without one, every request's retries multiply the load on an upstream that is already failing
(three attempts each is three times the traffic exactly when it hurts). Kept per process, in
memory: it is asked on every retry, and each process's share of calls is what it retries against.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RetryBudget:
    """Allows a retry while retries in the window stay within `ratio` of calls (plus a floor)."""

    def __init__(
        self,
        *,
        ratio: float,
        window_s: float,
        min_retries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ratio = ratio
        self.window_s = window_s
        self.min_retries = min_retries
        self._clock = clock
        # One-second buckets: [second, calls, retries], oldest first.
        self._buckets: deque[list[int]] = deque()

    def _bucket(self) -> list[int]:
        now = int(self._clock())
        while self._buckets and self._buckets[0][0] <= now - self.window_s:
            self._buckets.popleft()
        if not self._buckets or self._buckets[-1][0] != now:
            self._buckets.append([now, 0, 0])
        return self._buckets[-1]

    def record_call(self) -> None:
        """Count a first attempt: each one earns `ratio` of a retry."""
        self._bucket()[1] += 1

    def try_retry(self) -> bool:
        """Spend one retry if the budget allows; False means fail now instead of retrying."""
        bucket = self._bucket()
        calls = sum(b[1] for b in self._buckets)
        retries = sum(b[2] for b in self._buckets)
        if retries >= self.min_retries + self.ratio * calls:
            return False
        bucket[2] += 1
        return True
