"""The state store interface: what features keep beyond one request, in one process or a fleet.

Every feature that needs state (shared upstream tokens, login budgets, caller rate limits,
persisted documents, entity and response caches, breakers, live pollers) uses a `StateStore`
under its own `namespace(...)`. The embedded `MemoryStore` serves one process; with
`GATEWAY_REDIS_URL` set the same calls reach Redis and hold for the whole fleet, falling back to
per-process state while Redis is unreachable (see `gateway.state.fallback`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from types import TracebackType
from typing import Literal, Protocol

logger = logging.getLogger(__name__)


class StateUnavailable(Exception):
    """The shared store could not be reached; the degrading wrapper serves from memory instead."""


@dataclass(frozen=True)
class Admission:
    """The answer of a counter: whether this use is allowed, what is left, and when to retry."""

    allowed: bool
    # Uses (window) or tokens (bucket) left after this one; never negative.
    remaining: float
    # Seconds until the refused use would be allowed; 0 when allowed.
    retry_after_s: float = 0.0


@dataclass(frozen=True)
class StoreStatus:
    """What `/readyz` and `/healthz` report about the store."""

    # memory: one process's own state; redis: shared by every process using the same Redis.
    backend: Literal["memory", "redis"]
    # False while Redis is unreachable and the process serves on its own memory.
    healthy: bool = True

    @property
    def fleet_wide(self) -> bool:
        return self.backend == "redis" and self.healthy

    def as_dict(self) -> dict[str, object]:
        return {"backend": self.backend, "healthy": self.healthy, "fleetWide": self.fleet_wide}


class StateStore(Protocol):
    """Keys, tags, counters, locks and channels; every method is one round trip to the backend.

    Keys and channels are plain strings local to the store's namespace; values are bytes (the
    caller serialises) and are never logged by any store.
    """

    @property
    def status(self) -> StoreStatus: ...

    def namespace(self, name: str) -> StateStore:
        """The same store with `name:` put before every key, tag and channel."""
        ...

    async def get(self, key: str) -> bytes | None: ...

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]: ...

    async def set(
        self, key: str, value: bytes, *, ttl_s: float | None = None, if_absent: bool = False
    ) -> bool:
        """Store `value` (expiring after `ttl_s`); with `if_absent`, only if no value is there.

        Returns whether the value was written.
        """
        ...

    async def delete(self, key: str, *, if_value: bytes | None = None) -> bool:
        """Remove the key (with `if_value`, only while it still holds that value)."""
        ...

    async def versions(self, tags: Sequence[str]) -> list[int]:
        """The current version of each tag (0 for one never bumped), to put in cache keys."""
        ...

    async def bump(self, tag: str) -> int:
        """Move a tag to a new version, so every cache key built on the old one misses."""
        ...

    async def hit_window(
        self, key: str, *, limit: int, window_s: float, cost: int = 1
    ) -> Admission:
        """Count `cost` uses in a sliding window of `window_s`, unless that would pass `limit`.

        A refused hit counts nothing; `retry_after_s` says when enough old uses have aged out.
        """
        ...

    async def take_tokens(
        self, key: str, *, capacity: float, refill_per_s: float, cost: float = 1.0
    ) -> Admission:
        """Take `cost` tokens from a bucket that holds `capacity` and refills steadily.

        A full bucket is assumed for a key never seen; a refusal takes nothing.
        """
        ...

    async def publish(self, channel: str, message: bytes) -> None: ...

    async def subscribe(self, channel: str) -> Subscription:
        """Messages published on `channel` from now on, until the subscription is closed."""
        ...

    async def ping(self) -> bool:
        """Check the backend now (and notice a recovery); True when it answers."""
        ...

    async def aclose(self) -> None: ...


class Subscription:
    """An async iterator of one channel's messages; a slow reader loses the oldest ones."""

    def __init__(self, maxsize: int = 1000) -> None:
        self._queue: asyncio.Queue[bytes | BaseException] = asyncio.Queue(maxsize)
        self._on_close: list[Callable[[], Awaitable[None]]] = []
        self._closed = False
        self._dropped = 0

    def on_close(self, callback: Callable[[], Awaitable[None]]) -> None:
        self._on_close.append(callback)

    def deliver(self, message: bytes | BaseException) -> None:
        """Hand a message (or the error that ended the feed) to the reader without waiting."""
        if self._closed:
            return
        if self._queue.full():
            self._queue.get_nowait()
            self._dropped += 1
            if self._dropped == 1:
                logger.warning("state subscription: reader too slow, dropping oldest messages")
        self._queue.put_nowait(message)

    def __aiter__(self) -> AsyncIterator[bytes]:
        return self

    async def __anext__(self) -> bytes:
        if self._closed:
            raise StopAsyncIteration
        item = await self._queue.get()
        if isinstance(item, BaseException):
            raise item
        return item

    async def aclose(self) -> None:
        if self._closed:
            return
        self._closed = True
        # Wakes a reader waiting in `async for`, which then ends.
        if self._queue.full():
            self._queue.get_nowait()
        self._queue.put_nowait(StopAsyncIteration())
        for callback in reversed(self._on_close):
            await callback()

    async def __aenter__(self) -> Subscription:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()
