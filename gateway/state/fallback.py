"""Redis when it answers, this process's memory when it does not: Redis alone never fails a request.

While Redis is down every call is served by a `MemoryStore` (per-process limits, caches, tokens),
Redis is tried again at most every `retry_interval_s`, the outage and the recovery are each logged
once, and tags bumped or keys deleted meanwhile are replayed on Redis when it is back, so no cache
entry that a write retired during the outage is served again afterwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

from gateway.state.memory import MemoryStore
from gateway.state.namespace import Namespaced
from gateway.state.store import Admission, StateStore, StateUnavailable, StoreStatus, Subscription

logger = logging.getLogger(__name__)

T = TypeVar("T")
# Writes to replay on recovery are bounded; past this, the oldest are dropped (and logged).
MAX_REPLAY = 10_000


class DegradingStore:
    """Wraps the shared store (`primary`) with a per-process `fallback` for its outages."""

    def __init__(
        self, primary: StateStore, fallback: MemoryStore, *, retry_interval_s: float = 2.0
    ) -> None:
        self._primary = primary
        self._fallback = fallback
        self._retry_interval_s = retry_interval_s
        self._up = True
        self._next_probe = 0.0
        self._replay: dict[tuple[str, str], None] = {}
        self._prober: asyncio.Task[None] | None = None

    @property
    def status(self) -> StoreStatus:
        return StoreStatus(backend=self._primary.status.backend, healthy=self._up)

    def namespace(self, name: str) -> StateStore:
        return Namespaced(self, f"{name}:")

    async def ping(self) -> bool:
        self._next_probe = time.monotonic() + self._retry_interval_s
        if not await self._primary.ping():
            self._mark_down("no answer to PING")
            return False
        if not self._up:
            await self._recover()
        return self._up

    async def _primary_usable(self) -> bool:
        if self._up:
            return True
        if time.monotonic() < self._next_probe:
            return False
        return await self.ping()

    def _mark_down(self, reason: str) -> None:
        self._next_probe = time.monotonic() + self._retry_interval_s
        if self._up:
            self._up = False
            logger.warning(
                "state store: Redis unavailable (%s); serving on per-process state until back",
                reason,
            )
        if self._prober is None or self._prober.done():
            # Recovery is noticed (and the outage's writes replayed) even with no traffic.
            self._prober = asyncio.create_task(self._probe_until_up())

    async def _probe_until_up(self) -> None:
        while not self._up:
            await asyncio.sleep(max(0.0, self._next_probe - time.monotonic()))
            if time.monotonic() >= self._next_probe:
                await self.ping()

    async def _recover(self) -> None:
        pending, self._replay = list(self._replay), {}
        try:
            for kind, name in pending:
                if kind == "bump":
                    await self._primary.bump(name)
                else:
                    await self._primary.delete(name)
        except StateUnavailable as exc:
            self._replay = dict.fromkeys(pending) | self._replay
            self._mark_down(str(exc))
            return
        self._up = True
        logger.warning(
            "state store: Redis reachable again; fleet-wide state restored (%d writes replayed)",
            len(pending),
        )

    async def _run(self, op: Callable[[StateStore], Awaitable[T]]) -> T:
        if await self._primary_usable():
            try:
                return await op(self._primary)
            except StateUnavailable as exc:
                self._mark_down(str(exc))
        return await op(self._fallback)

    def _remember(self, kind: str, name: str) -> None:
        if not self._up:
            self._replay[(kind, name)] = None
            while len(self._replay) > MAX_REPLAY:
                del self._replay[next(iter(self._replay))]
                logger.warning("state store: too many writes during the outage to replay all")

    async def get(self, key: str) -> bytes | None:
        return await self._run(lambda s: s.get(key))

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return await self._run(lambda s: s.get_many(keys))

    async def set(
        self, key: str, value: bytes, *, ttl_s: float | None = None, if_absent: bool = False
    ) -> bool:
        return await self._run(lambda s: s.set(key, value, ttl_s=ttl_s, if_absent=if_absent))

    async def delete(self, key: str, *, if_value: bytes | None = None) -> bool:
        removed = await self._run(lambda s: s.delete(key, if_value=if_value))
        if if_value is None:
            self._remember("delete", key)
        return removed

    async def versions(self, tags: Sequence[str]) -> list[int]:
        return await self._run(lambda s: s.versions(tags))

    async def bump(self, tag: str) -> int:
        version = await self._run(lambda s: s.bump(tag))
        self._remember("bump", tag)
        return version

    async def hit_window(
        self, key: str, *, limit: int, window_s: float, cost: int = 1
    ) -> Admission:
        return await self._run(
            lambda s: s.hit_window(key, limit=limit, window_s=window_s, cost=cost)
        )

    async def take_tokens(
        self, key: str, *, capacity: float, refill_per_s: float, cost: float = 1.0
    ) -> Admission:
        return await self._run(
            lambda s: s.take_tokens(key, capacity=capacity, refill_per_s=refill_per_s, cost=cost)
        )

    async def publish(self, channel: str, message: bytes) -> None:
        # Redis echoes to this process's own subscribers too; memory only reaches this process.
        await self._run(lambda s: s.publish(channel, message))

    async def subscribe(self, channel: str) -> Subscription:
        """Listens on this process's memory always, and on Redis whenever it is reachable."""
        out = Subscription()
        local = await self._fallback.subscribe(channel)
        # Subscribed on Redis before returning, so nothing published after this call is missed.
        remote = await self._subscribe_primary(channel)
        tasks = [
            asyncio.create_task(_forward(local, out)),
            asyncio.create_task(self._follow_primary(channel, remote, out)),
        ]

        async def stop() -> None:
            for task in tasks:
                task.cancel()
            for task in tasks:
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            await local.aclose()

        out.on_close(stop)
        return out

    async def _subscribe_primary(self, channel: str) -> Subscription | None:
        if not await self._primary_usable():
            return None
        try:
            return await self._primary.subscribe(channel)
        except StateUnavailable as exc:
            self._mark_down(str(exc))
            return None

    async def _follow_primary(
        self, channel: str, remote: Subscription | None, out: Subscription
    ) -> None:
        while True:
            if remote is None:
                await asyncio.sleep(max(0.0, self._next_probe - time.monotonic()) + 0.01)
                remote = await self._subscribe_primary(channel)
                continue
            try:
                async with remote:
                    await _forward(remote, out)
            except StateUnavailable as exc:
                self._mark_down(str(exc))
            remote = None

    async def aclose(self) -> None:
        if self._prober is not None:
            self._prober.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._prober
        await self._primary.aclose()
        await self._fallback.aclose()


async def _forward(source: Subscription, out: Subscription) -> None:
    async for message in source:
        out.deliver(message)
