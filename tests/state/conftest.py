"""Each behavioural test runs on every store: memory, Redis, and Redis behind the fallback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest

from gateway.state import DegradingStore, MemoryStore, RedisStore, StateStore

KINDS = ["memory", "redis", "degrading"]

# Opens another handle on the same state, as a second process would (memory: the same store).
Peer = Callable[[], StateStore]


@pytest.fixture(params=KINDS)
async def stores(request: pytest.FixtureRequest) -> AsyncIterator[tuple[StateStore, Peer]]:
    opened: list[StateStore] = []

    def open_one() -> StateStore:
        store: StateStore
        if request.param == "memory":
            if opened:
                return opened[0]
            store = MemoryStore(max_entries=1000)
        else:
            url: str = request.getfixturevalue("redis_url") if not opened else urls[0]
            urls.append(url)
            # Generous: 40 connections opened at once on a loaded 2-core CI machine (the tests
            # here are about semantics; Redis going away has tests of its own).
            store = RedisStore.from_url(url, timeout_s=10, key_prefix="test:")
            if request.param == "degrading":
                store = DegradingStore(store, MemoryStore(), retry_interval_s=0.1)
        opened.append(store)
        return store

    urls: list[str] = []
    yield open_one(), open_one
    for store in opened:
        await store.aclose()


@pytest.fixture
def store(stores: tuple[StateStore, Peer]) -> StateStore:
    return stores[0]
