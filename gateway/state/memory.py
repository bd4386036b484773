"""The embedded store: one process's state, bounded (least recently used goes first), TTLs kept."""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from collections.abc import Sequence
from typing import Generic, TypeVar

from gateway.state.namespace import Namespaced
from gateway.state.store import Admission, StateStore, StoreStatus, Subscription

V = TypeVar("V")


class BoundedTTLMap(Generic[V]):
    """A map that forgets expired entries and, past `max_entries`, the least recently used."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[str, tuple[V, float | None]] = OrderedDict()

    def get(self, key: str, now: float) -> V | None:
        item = self._items.get(key)
        if item is None:
            return None
        value, expires_at = item
        if expires_at is not None and now >= expires_at:
            del self._items[key]
            return None
        self._items.move_to_end(key)
        return value

    def put(self, key: str, value: V, expires_at: float | None) -> list[tuple[str, V]]:
        """Store the entry; returns what was evicted to stay within the bound."""
        self._items[key] = (value, expires_at)
        self._items.move_to_end(key)
        evicted = []
        while len(self._items) > self.max_entries:
            old_key, (old_value, _) = self._items.popitem(last=False)
            evicted.append((old_key, old_value))
        return evicted

    def pop(self, key: str) -> V | None:
        item = self._items.pop(key, None)
        return None if item is None else item[0]

    def __len__(self) -> int:
        return len(self._items)


class MemoryStore:
    """Everything in this process: the default with no Redis, and the fallback while it is down."""

    def __init__(self, max_entries: int = 10_000) -> None:
        self._values: BoundedTTLMap[bytes] = BoundedTTLMap(max_entries)
        self._windows: BoundedTTLMap[deque[float]] = BoundedTTLMap(max_entries)
        self._buckets: BoundedTTLMap[tuple[float, float]] = BoundedTTLMap(max_entries)
        self._versions: BoundedTTLMap[int] = BoundedTTLMap(max_entries)
        # A forgotten tag reads as the highest version ever forgotten, never as an older one:
        # reading an old version again could revive cache entries that a bump had retired.
        self._version_floor = 0
        self._channels: dict[str, set[Subscription]] = {}

    @property
    def status(self) -> StoreStatus:
        return StoreStatus(backend="memory")

    def namespace(self, name: str) -> StateStore:
        return Namespaced(self, f"{name}:")

    async def get(self, key: str) -> bytes | None:
        return self._values.get(key, time.monotonic())

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        now = time.monotonic()
        return [self._values.get(key, now) for key in keys]

    async def set(
        self, key: str, value: bytes, *, ttl_s: float | None = None, if_absent: bool = False
    ) -> bool:
        now = time.monotonic()
        if if_absent and self._values.get(key, now) is not None:
            return False
        self._values.put(key, value, None if ttl_s is None else now + ttl_s)
        return True

    async def delete(self, key: str, *, if_value: bytes | None = None) -> bool:
        current = self._values.get(key, time.monotonic())
        if current is None or (if_value is not None and current != if_value):
            return False
        self._values.pop(key)
        return True

    async def versions(self, tags: Sequence[str]) -> list[int]:
        return [self._version(tag) for tag in tags]

    async def bump(self, tag: str) -> int:
        version = self._version(tag) + 1
        for _, forgotten in self._versions.put(tag, version, None):
            self._version_floor = max(self._version_floor, forgotten)
        return version

    def _version(self, tag: str) -> int:
        version = self._versions.get(tag, 0.0)
        return self._version_floor if version is None else version

    async def hit_window(
        self, key: str, *, limit: int, window_s: float, cost: int = 1
    ) -> Admission:
        check_window(limit, window_s, cost)
        now = time.monotonic()
        uses = self._windows.get(key, now) or deque()
        while uses and now - uses[0] >= window_s:
            uses.popleft()
        if len(uses) + cost > limit:
            # The use that must age out before `cost` more fit under the limit.
            blocking = uses[len(uses) + cost - limit - 1]
            self._windows.put(key, uses, now + window_s)
            return Admission(False, limit - len(uses), max(0.0, blocking + window_s - now))
        uses.extend([now] * cost)
        self._windows.put(key, uses, now + window_s)
        return Admission(True, limit - len(uses))

    async def take_tokens(
        self, key: str, *, capacity: float, refill_per_s: float, cost: float = 1.0
    ) -> Admission:
        check_bucket(capacity, refill_per_s, cost)
        now = time.monotonic()
        tokens, last = self._buckets.get(key, now) or (capacity, now)
        tokens = min(capacity, tokens + (now - last) * refill_per_s)
        allowed = tokens >= cost
        if allowed:
            tokens -= cost
        full_in = (capacity - tokens) / refill_per_s
        self._buckets.put(key, (tokens, now), now + full_in + 1.0)
        retry = 0.0 if allowed else (cost - tokens) / refill_per_s
        return Admission(allowed, tokens, retry)

    async def publish(self, channel: str, message: bytes) -> None:
        for subscription in list(self._channels.get(channel, ())):
            subscription.deliver(message)

    async def subscribe(self, channel: str) -> Subscription:
        subscription = Subscription()
        self._channels.setdefault(channel, set()).add(subscription)

        async def leave() -> None:
            members = self._channels.get(channel, set())
            members.discard(subscription)
            if not members:
                self._channels.pop(channel, None)

        subscription.on_close(leave)
        return subscription

    async def ping(self) -> bool:
        return True

    async def aclose(self) -> None:
        for members in list(self._channels.values()):
            for subscription in list(members):
                await subscription.aclose()


def check_window(limit: int, window_s: float, cost: int) -> None:
    """A hit larger than the limit would be refused forever: that is a caller's bug."""
    if limit < 1 or window_s <= 0 or cost < 1 or cost > limit:
        raise ValueError("a window needs 1 <= cost <= limit and a positive length")


def check_bucket(capacity: float, refill_per_s: float, cost: float) -> None:
    """A bucket that could never hold `cost` would refuse forever: that is a caller's bug."""
    if capacity <= 0 or refill_per_s <= 0 or cost <= 0 or cost > capacity:
        raise ValueError("a token bucket needs 0 < cost <= capacity and a positive refill rate")
