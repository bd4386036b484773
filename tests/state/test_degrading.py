"""Redis stopped mid-test: calls keep working on memory, the state says so, recovery is noticed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr, TypeAdapter

from gateway.state import MemoryStore, StateSettings, StateStore, open_store
from gateway.state.settings import RedisUrl
from tests.processes import RedisServer

SECRET = b"tok-3f9a-never-in-logs"


def _url(server: RedisServer) -> SecretStr:
    return TypeAdapter(RedisUrl).validate_python(server.url)


@pytest.fixture
async def store(own_redis: RedisServer) -> AsyncIterator[StateStore]:
    opened = open_store(StateSettings(retry_interval_s=0.1, redis_timeout_s=0.2), _url(own_redis))
    yield opened
    await opened.aclose()


async def test_calls_keep_working_while_redis_is_down_and_recovery_is_noticed(
    store: StateStore, own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await store.set("shared", SECRET)
    assert store.status.as_dict() == {"backend": "redis", "healthy": True, "fleetWide": True}

    own_redis.stop()
    for _ in range(5):
        await store.set("local", b"v", ttl_s=10)
        assert await store.get("local") == b"v"
        assert (await store.hit_window("w", limit=10, window_s=10)).allowed
    down = store.status
    own_redis.start()
    await asyncio.sleep(0.15)
    back = await store.get("shared")

    assert not down.healthy and not down.fleet_wide
    # Redis kept nothing on disk: what it held before the outage is gone, and the store says so.
    assert back is None
    assert store.status.healthy
    logged = [r.message for r in caplog.records if r.name == "gateway.state.fallback"]
    assert [line.split(";")[0] for line in logged] == [
        "state store: Redis unavailable (redis unreachable (ConnectionError))",
        "state store: Redis reachable again",
    ]
    assert SECRET.decode() not in caplog.text


async def test_writes_made_while_redis_hangs_are_replayed_on_it_afterwards(
    store: StateStore, own_redis: RedisServer
) -> None:
    cache = store.namespace("cache")
    await cache.set("doc", b"cached before the outage")
    await cache.bump("task:1")
    # Redis keeps its data but answers nobody for a while: calls time out instead of failing.
    own_redis.command("CLIENT", "PAUSE", "700", "ALL")
    await cache.bump("task:1")
    await cache.delete("doc")
    assert not store.status.healthy
    await asyncio.sleep(0.8)

    assert await store.ping()
    assert own_redis.command("GET", "gateway:t:cache:task:1") == b"$1\r\n2\r\n"
    assert await cache.get("doc") is None


async def test_a_subscription_survives_the_outage(
    store: StateStore, own_redis: RedisServer
) -> None:
    messages = await store.subscribe("live")
    own_redis.stop()
    await store.publish("live", b"while down")
    during = await asyncio.wait_for(anext(messages), 2)
    own_redis.start()
    await asyncio.sleep(0.15)
    assert await store.ping()
    # Another process publishes through Redis; the subscription is back on it.
    other = open_store(StateSettings(), _url(own_redis))
    for _ in range(40):
        await other.publish("live", b"after")
        try:
            after = await asyncio.wait_for(anext(messages), 0.1)
            break
        except TimeoutError:
            continue
    await other.aclose()
    await messages.aclose()

    assert during == b"while down"
    assert after == b"after"


async def test_without_a_redis_url_the_store_is_this_process_memory() -> None:
    store = open_store(StateSettings())

    assert isinstance(store, MemoryStore)
    assert store.status.as_dict() == {"backend": "memory", "healthy": True, "fleetWide": False}
