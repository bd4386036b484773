"""What a subscriber receives, and its bounded queue: a slow reader lags, it never grows memory."""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass

from gateway.errors import GatewayError
from gateway.live.snapshot import Change


@dataclass(frozen=True)
class Changed:
    """A task of this poller's scope appeared, changed or disappeared."""

    source: str
    change: Change


@dataclass(frozen=True)
class Degraded:
    """The source stopped answering this poller; `retry_in_s` until the next try."""

    source: str
    error: GatewayError
    retry_in_s: float


@dataclass(frozen=True)
class Recovered:
    """The source answers this poller again."""

    source: str


@dataclass(frozen=True)
class Lagged:
    """The subscriber fell `missed` events behind; a fresh snapshot replaces them."""

    missed: int


LiveEvent = Changed | Degraded | Recovered


class Subscriber:
    """One subscription's queue of events; full, it is dropped and counted as missed."""

    def __init__(self, caller: str, max_queued: int) -> None:
        self.caller = caller
        self.max_queued = max_queued
        self._queue: deque[LiveEvent] = deque()
        self._missed = 0
        self._wake = asyncio.Event()

    def deliver(self, event: LiveEvent) -> None:
        """Never waits: the poller that calls it serves every subscriber of its scope."""
        if len(self._queue) >= self.max_queued:
            self._missed += len(self._queue) + 1
            self._queue.clear()
        else:
            self._queue.append(event)
        self._wake.set()

    def resync(self) -> None:
        """Forget what is queued: the snapshot the subscriber is about to get includes it."""
        self._queue.clear()
        self._missed = 0

    async def next(self) -> LiveEvent | Lagged:
        while True:
            if self._missed:
                missed = self._missed + len(self._queue)
                self.resync()
                return Lagged(missed)
            if self._queue:
                return self._queue.popleft()
            self._wake.clear()
            await self._wake.wait()
