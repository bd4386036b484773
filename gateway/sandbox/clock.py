"""Sandbox time: the wall clock, sped up by `time_scale` and movable forward by tests."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta


class SandboxClock:
    """Simulated work advances on this clock, so lifecycles can be tested without sleeping."""

    def __init__(self, time_scale: float = 1.0) -> None:
        self._time_scale = time_scale
        self._started_wall = time.time()
        self._started_mono = time.monotonic()
        self._offset_s = 0.0

    def now(self) -> datetime:
        elapsed = (time.monotonic() - self._started_mono) * self._time_scale
        return datetime.fromtimestamp(self._started_wall + elapsed + self._offset_s, tz=UTC)

    def advance(self, seconds: float) -> datetime:
        self._offset_s += seconds
        return self.now()

    def since(self, moment: datetime) -> timedelta:
        return self.now() - moment
