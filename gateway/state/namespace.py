"""`store.namespace("name")`: one store seen through a key prefix, so features never collide."""

from __future__ import annotations

from collections.abc import Sequence

from gateway.state.store import Admission, StateStore, StoreStatus, Subscription


class Namespaced:
    """Puts `prefix` before every key, tag and channel, and forwards to the underlying store."""

    def __init__(self, store: StateStore, prefix: str) -> None:
        self._store = store
        self._prefix = prefix

    @property
    def status(self) -> StoreStatus:
        return self._store.status

    def namespace(self, name: str) -> StateStore:
        return Namespaced(self._store, f"{self._prefix}{name}:")

    async def get(self, key: str) -> bytes | None:
        return await self._store.get(self._prefix + key)

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        return await self._store.get_many([self._prefix + key for key in keys])

    async def set(
        self, key: str, value: bytes, *, ttl_s: float | None = None, if_absent: bool = False
    ) -> bool:
        return await self._store.set(self._prefix + key, value, ttl_s=ttl_s, if_absent=if_absent)

    async def delete(self, key: str, *, if_value: bytes | None = None) -> bool:
        return await self._store.delete(self._prefix + key, if_value=if_value)

    async def versions(self, tags: Sequence[str]) -> list[int]:
        return await self._store.versions([self._prefix + tag for tag in tags])

    async def bump(self, tag: str) -> int:
        return await self._store.bump(self._prefix + tag)

    async def hit_window(
        self, key: str, *, limit: int, window_s: float, cost: int = 1
    ) -> Admission:
        return await self._store.hit_window(
            self._prefix + key, limit=limit, window_s=window_s, cost=cost
        )

    async def take_tokens(
        self, key: str, *, capacity: float, refill_per_s: float, cost: float = 1.0
    ) -> Admission:
        return await self._store.take_tokens(
            self._prefix + key, capacity=capacity, refill_per_s=refill_per_s, cost=cost
        )

    async def publish(self, channel: str, message: bytes) -> None:
        await self._store.publish(self._prefix + channel, message)

    async def subscribe(self, channel: str) -> Subscription:
        return await self._store.subscribe(self._prefix + channel)

    async def ping(self) -> bool:
        return await self._store.ping()

    async def aclose(self) -> None:
        # A view owns nothing; the store it came from is closed by whoever opened it.
        return None
