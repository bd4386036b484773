"""What only the Redis store has to get right: bursts, pooled connections, one pub/sub link."""

from __future__ import annotations

import asyncio

from pydantic import SecretStr

from gateway.state import StateSettings, open_store
from tests.processes import RedisServer


async def test_a_burst_larger_than_the_pool_waits_for_connections_instead_of_degrading(
    redis_url: str,
) -> None:
    settings = StateSettings(redis_max_connections=4, redis_timeout_s=5)
    store = open_store(settings, SecretStr(redis_url))

    hits = await asyncio.gather(
        *(store.hit_window(f"k{n % 50}", limit=1000, window_s=60) for n in range(2000))
    )
    await store.aclose()

    assert all(hit.allowed for hit in hits)
    assert store.status.healthy


async def test_local_subscribers_share_one_redis_subscription(
    redis_url: str, redis_server: RedisServer
) -> None:
    store = open_store(StateSettings(), SecretStr(redis_url))
    listeners = [await store.subscribe("live") for _ in range(20)]

    numsub = redis_server.command("PUBSUB", "NUMSUB", "gateway:c:live")
    await store.publish("live", b"tick")
    got = [await asyncio.wait_for(anext(s), 2) for s in listeners]
    for listener in listeners:
        await listener.aclose()
    after = redis_server.command("PUBSUB", "NUMSUB", "gateway:c:live")
    await store.aclose()

    assert numsub.endswith(b":1\r\n")
    assert got == [b"tick"] * 20
    assert after.endswith(b":0\r\n")
