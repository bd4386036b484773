"""`Poller`: reads one scope of one source on its interval, for every subscriber that shares it.

Each poll reads a fresh `Snapshot` and hands the differences from the previous one to every
subscriber. A throttled upstream (429) stretches the interval (at least to its `retryAfter`); a
failing one is backed off exponentially and, when its breaker is open, not tried before the
breaker allows it (`retryAfter` of `CircuitOpen`). The first failure tells subscribers the source
is degraded, the next success that it recovered. A write through the gateway pokes the poller
into polling at once (unless it is backing off).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import logging
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass

from gateway.caching.entities import fresh_reads
from gateway.errors import GatewayError, UpstreamRateLimited, UpstreamTimeout
from gateway.live.snapshot import Snapshot, diff
from gateway.live.subscriber import Changed, Degraded, LiveEvent, Recovered, Subscriber
from gateway.metrics import observe_live_poll

logger = logging.getLogger(__name__)

EMPTY = Snapshot({})


@dataclass(frozen=True)
class Target:
    """What a poller reads: one source, one scope (and one user where the source answers per
    user); `key` tells two subscriptions that can share a poller."""

    key: Hashable
    source: str
    read: Callable[[], Awaitable[Snapshot]]
    # Whether a write that touched these keys (ids, inventory sources...) may change this scope.
    touched_by: Callable[[frozenset[str]], bool]


@dataclass(frozen=True)
class Timing:
    interval_s: float
    max_backoff_s: float
    poll_timeout_s: float


class Poller:
    """Runs while it has subscribers; `snapshot` is the latest good read (None before one)."""

    def __init__(self, target: Target, timing: Timing) -> None:
        self.target = target
        self.timing = timing
        self.subscribers: set[Subscriber] = set()
        self.snapshot: Snapshot | None = None
        self.degraded: Degraded | None = None
        self.polls = 0
        # Set once the first poll has ended, well or not: new subscribers wait for it.
        self.ready = asyncio.Event()
        self._poked = asyncio.Event()
        self._failures = 0
        self._stretch = 1.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        # A fresh context: the subscribing request's deadline and call log are not the poller's.
        self._task = asyncio.get_running_loop().create_task(
            self._run(), name=f"live poller {self.target.source}", context=contextvars.Context()
        )

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    def poke(self) -> None:
        """Poll now; ignored while backing off, since a write says nothing about its health."""
        if self._failures == 0:
            self._poked.set()

    async def _run(self) -> None:
        while True:
            self._poked.clear()
            delay = await self.poll_once()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._poked.wait()

    async def poll_once(self) -> float:
        """One read and its consequences; returns the seconds until the next one."""
        self.polls += 1
        try:
            # A poll is how news is found: never from what the entity cache kept.
            with fresh_reads():
                async with asyncio.timeout(self.timing.poll_timeout_s):
                    snapshot = await self.target.read()
        except UpstreamRateLimited as exc:
            return self._throttled(exc)
        except GatewayError as exc:
            return self._failed(exc)
        except TimeoutError:
            error = UpstreamTimeout("the poll took too long", source=self.target.source)
            return self._failed(error)
        finally:
            self.ready.set()
        self._succeeded(snapshot)
        return self.timing.interval_s * self._stretch

    def _throttled(self, exc: UpstreamRateLimited) -> float:
        observe_live_poll(self.target.source, "throttled")
        self._stretch = min(self._stretch * 2, self._max_stretch)
        wait = max(self.timing.interval_s * self._stretch, _retry_after(exc))
        logger.info("live: %s rate-limited a poll; next in %.1f s", self.target.source, wait)
        return min(wait, self.timing.max_backoff_s)

    def _failed(self, exc: GatewayError) -> float:
        observe_live_poll(self.target.source, "failed")
        self._failures += 1
        backoff = self.timing.interval_s * 2.0 ** min(self._failures, 30)
        wait = min(max(backoff, _retry_after(exc)), self.timing.max_backoff_s)
        if self.degraded is None:
            logger.warning("live: %s degraded (%s): %s", self.target.source, exc.code, exc.message)
            self.degraded = Degraded(self.target.source, exc, wait)
            self._broadcast(self.degraded)
        return wait

    def _succeeded(self, snapshot: Snapshot) -> None:
        observe_live_poll(self.target.source, "ok")
        self._failures = 0
        self._stretch = max(1.0, self._stretch / 2)
        if self.degraded is not None:
            # First the news that it is back, then what changed while it was away (everything,
            # when it failed from the start): a dashboard reads those as the source's return.
            self.degraded = None
            logger.info("live: %s recovered", self.target.source)
            self._broadcast(Recovered(self.target.source))
        for change in diff(self.snapshot or EMPTY, snapshot):
            self._broadcast(Changed(self.target.source, change))
        self.snapshot = snapshot

    @property
    def _max_stretch(self) -> float:
        return max(1.0, self.timing.max_backoff_s / self.timing.interval_s)

    def _broadcast(self, event: LiveEvent) -> None:
        for subscriber in self.subscribers:
            subscriber.deliver(event)


def _retry_after(exc: GatewayError) -> float:
    value = exc.details.get("retryAfter")
    return float(value) if isinstance(value, int | float) else 0.0
