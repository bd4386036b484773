"""Shared state: the `StateStore` interface, its memory and Redis stores, locks and shared values.

Features open nothing themselves: the app's lifespan calls `open_store` once per process and each
feature takes `store.namespace("<feature>")`. See `gateway/state/store.py` for the semantics and
docs/state.md for the guide.
"""

from __future__ import annotations

from pydantic import SecretStr

from gateway.state.fallback import DegradingStore
from gateway.state.lock import Lock, LockTimeout
from gateway.state.memory import MemoryStore
from gateway.state.redis_store import RedisStore
from gateway.state.settings import RedisUrl, StateSettings
from gateway.state.shared import Produced, shared_value
from gateway.state.store import (
    Admission,
    StateStore,
    StateUnavailable,
    StoreStatus,
    Subscription,
)


def open_store(settings: StateSettings, redis_url: SecretStr | None = None) -> StateStore:
    """The process's store: memory alone, or Redis with memory standing in during its outages."""
    memory = MemoryStore(settings.memory_max_entries)
    if redis_url is None:
        return memory
    redis = RedisStore.from_url(
        redis_url.get_secret_value(),
        timeout_s=settings.redis_timeout_s,
        key_prefix=settings.key_prefix,
        max_connections=settings.redis_max_connections,
    )
    return DegradingStore(redis, memory, retry_interval_s=settings.retry_interval_s)


__all__ = [
    "Admission",
    "DegradingStore",
    "Lock",
    "LockTimeout",
    "MemoryStore",
    "Produced",
    "RedisStore",
    "RedisUrl",
    "StateSettings",
    "StateStore",
    "StateUnavailable",
    "StoreStatus",
    "Subscription",
    "open_store",
    "shared_value",
]
