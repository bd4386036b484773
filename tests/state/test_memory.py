"""The embedded store stays bounded: least recently used go first, retired versions stay so."""

from __future__ import annotations

from gateway.state import MemoryStore


async def test_the_least_recently_used_value_is_forgotten_past_the_bound() -> None:
    store = MemoryStore(max_entries=3)
    for key in "abc":
        await store.set(key, key.encode())
    await store.get("a")  # a is now the most recently used

    await store.set("d", b"d")

    assert await store.get_many(["a", "b", "c", "d"]) == [b"a", None, b"c", b"d"]


async def test_a_forgotten_tag_never_reads_as_a_version_it_had_before() -> None:
    store = MemoryStore(max_entries=2)
    for _ in range(5):
        await store.bump("busy")
    seen_before = (await store.versions(["busy"]))[0]

    # Two other tags push "busy" out of the bounded map.
    await store.bump("x")
    await store.bump("y")
    after = await store.versions(["busy"])
    bumped = await store.bump("busy")

    assert seen_before == 5
    # A cache entry stored under version 5 may still be read (no write happened since), but a
    # bump must lead to a version no earlier entry was stored under.
    assert after == [5]
    assert bumped == 6
