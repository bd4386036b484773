"""A lock with a timeout over any `StateStore`: SET NX PX to take it, compare-and-delete to free it.

The timeout (`ttl_s`) is what keeps a crashed holder from blocking the fleet: its lock simply
expires. Choose it longer than the work it guards; a holder that overruns it may find the lock
taken by another process, and `release()` then leaves that other holder's lock alone.
"""

from __future__ import annotations

import asyncio
import secrets
import time
from types import TracebackType

from gateway.state.store import StateStore


class LockTimeout(Exception):
    """Another holder kept the lock for longer than this caller was willing to wait."""


class Lock:
    """One named lock; use `try_acquire()` to skip work someone else does, `async with` to wait."""

    def __init__(
        self, store: StateStore, name: str, *, ttl_s: float, wait_s: float | None = None
    ) -> None:
        self._store = store
        self._key = f"lock:{name}"
        self.ttl_s = ttl_s
        # By default a waiter outlasts one holder's whole timeout, crashed holders included.
        self.wait_s = ttl_s + 1.0 if wait_s is None else wait_s
        self._token: bytes | None = None

    @property
    def held(self) -> bool:
        return self._token is not None

    async def try_acquire(self) -> bool:
        token = secrets.token_bytes(16)
        if await self._store.set(self._key, token, ttl_s=self.ttl_s, if_absent=True):
            self._token = token
            return True
        return False

    async def acquire(self, poll_s: float = 0.02) -> None:
        deadline = time.monotonic() + self.wait_s
        while not await self.try_acquire():
            if time.monotonic() >= deadline:
                raise LockTimeout(f"lock {self._key!r} still held after {self.wait_s:.1f}s")
            await asyncio.sleep(poll_s)
            poll_s = min(poll_s * 2, 0.25)

    async def release(self) -> bool:
        """Frees the lock if this holder still has it; False when it had expired meanwhile."""
        token, self._token = self._token, None
        if token is None:
            return False
        return await self._store.delete(self._key, if_value=token)

    async def __aenter__(self) -> Lock:
        await self.acquire()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.release()
