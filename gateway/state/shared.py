"""A value the whole fleet shares and exactly one process produces (an upstream token, say)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from gateway.state.lock import Lock, LockTimeout
from gateway.state.store import StateStore

# What a producer returns: the value and how long it may be used (None: until replaced).
Produced = tuple[bytes, float | None]


async def shared_value(
    store: StateStore,
    key: str,
    produce: Callable[[], Awaitable[Produced]],
    *,
    lock_ttl_s: float,
    stale: bytes | None = None,
) -> bytes:
    """The value at `key`; when it is missing or still `stale`, one process produces it.

    The others wait for the producer's value (polling, since the wait is short and rare); if the
    producer crashes, its lock expires after `lock_ttl_s` and the next waiter produces instead.
    A producer's failure is raised to that caller only; waiters then try in their turn.
    """
    lock = Lock(store, key, ttl_s=lock_ttl_s)
    deadline = time.monotonic() + lock.wait_s
    poll_s = 0.02
    while True:
        current = await store.get(key)
        if current is not None and current != stale:
            return current
        if await lock.try_acquire():
            try:
                # Another process may have produced it between the read and the lock.
                current = await store.get(key)
                if current is not None and current != stale:
                    return current
                value, ttl_s = await produce()
                await store.set(key, value, ttl_s=ttl_s)
                return value
            finally:
                await lock.release()
        if time.monotonic() >= deadline:
            raise LockTimeout(f"{key!r} was not produced within {lock.wait_s:.1f}s")
        await asyncio.sleep(poll_s)
        poll_s = min(poll_s * 2, 0.25)
