"""The store's contract, the same on memory and on Redis: values, tags, counters, channels."""

from __future__ import annotations

import asyncio
import time

import pytest

from gateway.state import Admission, StateStore
from tests.state.conftest import Peer

# Redis keeps time by its own clock (TIME), this test by time.monotonic(): they may differ by this.
CLOCKS = 0.01


async def test_a_value_is_read_back_until_its_ttl_passes(store: StateStore) -> None:
    # Half a second: the read back always comes before it, however loaded the machine.
    await store.set("doc", b"\x00query{a}", ttl_s=0.5)
    await store.set("forever", b"kept")

    assert await store.get("doc") == b"\x00query{a}"
    await asyncio.sleep(0.55)
    assert await store.get("doc") is None
    assert await store.get_many(["doc", "forever", "never"]) == [None, b"kept", None]


async def test_if_absent_writes_only_the_first_value(store: StateStore) -> None:
    assert await store.set("k", b"first", if_absent=True) is True
    assert await store.set("k", b"second", if_absent=True) is False
    assert await store.get("k") == b"first"
    assert await store.set("k", b"third") is True
    assert await store.get("k") == b"third"


async def test_delete_if_value_leaves_a_changed_value_alone(store: StateStore) -> None:
    await store.set("k", b"mine")
    assert await store.delete("k", if_value=b"theirs") is False
    assert await store.get("k") == b"mine"
    assert await store.delete("k", if_value=b"mine") is True
    assert await store.get("k") is None
    assert await store.delete("k") is False


async def test_namespaces_keep_features_apart(store: StateStore) -> None:
    docs, cache = store.namespace("docs"), store.namespace("cache")
    await docs.set("x", b"a document")
    await cache.set("x", b"a response")
    await cache.bump("task:1")

    assert await docs.get("x") == b"a document"
    assert await cache.get("x") == b"a response"
    assert await store.get("x") is None
    assert await docs.versions(["task:1"]) == [0]
    assert await cache.namespace("inner").get("x") is None


async def test_a_bump_moves_a_tag_to_a_new_version_seen_by_every_peer(
    stores: tuple[StateStore, Peer],
) -> None:
    store, peer = stores
    other = peer()
    before = await other.versions(["send-task:5001", "send-task:5002"])

    await store.bump("send-task:5001")

    after = await other.versions(["send-task:5001", "send-task:5002"])
    assert before == [0, 0]
    assert after[0] > before[0]
    assert after[1] == before[1]
    assert await store.versions([]) == []


async def test_a_window_allows_its_limit_then_says_when_to_retry(store: StateStore) -> None:
    # Half a second: four hits always fit in it, however loaded the machine.
    window, started = 0.5, time.monotonic()
    hits = [await store.hit_window("login", limit=3, window_s=window) for _ in range(4)]
    took = time.monotonic() - started

    assert [h.allowed for h in hits] == [True, True, True, False]
    assert [h.remaining for h in hits[:3]] == [2, 1, 0]
    # The first hit leaves the window `window` after it was made: less the time the hits took.
    assert window - took - CLOCKS <= hits[3].retry_after_s <= window
    await asyncio.sleep(hits[3].retry_after_s + CLOCKS)
    assert (await store.hit_window("login", limit=3, window_s=window)).allowed


async def test_a_refused_hit_counts_nothing_and_cost_counts_several(store: StateStore) -> None:
    assert (await store.hit_window("w", limit=5, window_s=10, cost=4)).allowed
    refused = await store.hit_window("w", limit=5, window_s=10, cost=2)
    assert not refused.allowed
    assert refused.remaining == 1
    assert (await store.hit_window("w", limit=5, window_s=10, cost=1)).allowed
    with pytest.raises(ValueError, match="cost <= limit"):
        await store.hit_window("w", limit=5, window_s=10, cost=6)


async def test_a_bucket_refills_at_its_rate(store: StateStore) -> None:
    # Two tokens a second: three takes always come within the half second one token takes, and
    # the bounds below come from this test's own clock, so a slow machine cannot fail them.
    rate = 2.0

    async def take() -> Admission:
        return await store.take_tokens("caller", capacity=2, refill_per_s=rate)

    started = time.monotonic()
    first, second = await take(), await take()
    refused_at = time.monotonic()
    refused = await take()
    took = time.monotonic() - started

    assert [first.allowed, second.allowed, refused.allowed] == [True, True, False]
    # One token's refill time, less what had refilled since the second take.
    assert 1 / rate - took - CLOCKS <= refused.retry_after_s <= 1 / rate
    await asyncio.sleep(refused.retry_after_s)
    again = await take()
    waited = time.monotonic() - refused_at
    assert again.allowed
    # Beyond the token it waited for, only what refilled at `rate` meanwhile: not a full bucket.
    assert 0 <= again.remaining <= (waited - refused.retry_after_s) * rate + CLOCKS
    with pytest.raises(ValueError, match="cost <= capacity"):
        await store.take_tokens("caller", capacity=2, refill_per_s=rate, cost=3)


async def test_concurrent_hits_from_two_peers_never_pass_the_limit(
    stores: tuple[StateStore, Peer],
) -> None:
    store, peer = stores
    other = peer()

    hits = await asyncio.gather(
        *(s.hit_window("budget", limit=10, window_s=60) for s in [store, other] * 20)
    )
    takes = await asyncio.gather(
        *(s.take_tokens("bucket", capacity=7, refill_per_s=0.001) for s in [store, other] * 10)
    )

    assert sum(h.allowed for h in hits) == 10
    assert sum(t.allowed for t in takes) == 7


async def test_published_messages_reach_every_subscriber_until_it_closes(
    stores: tuple[StateStore, Peer],
) -> None:
    store, peer = stores
    other = peer()
    first = await store.subscribe("invalidations")
    second = await other.subscribe("invalidations")

    await other.publish("invalidations", b"task:1")
    await store.namespace("elsewhere").publish("invalidations", b"not for us")
    got = [await asyncio.wait_for(anext(s), 2) for s in (first, second)]
    await second.aclose()
    await store.publish("invalidations", b"task:2")

    assert got == [b"task:1", b"task:1"]
    assert await asyncio.wait_for(anext(first), 2) == b"task:2"
    assert [m async for m in second] == []
    await first.aclose()


async def test_closing_a_subscription_ends_a_reader_waiting_on_it(store: StateStore) -> None:
    subscription = await store.subscribe("quiet")

    async def read_all() -> list[bytes]:
        return [message async for message in subscription]

    reader = asyncio.create_task(read_all())
    await asyncio.sleep(0.05)
    await subscription.aclose()

    assert await asyncio.wait_for(reader, 2) == []
