"""Locks with a timeout and values produced once for the fleet, on every store."""

from __future__ import annotations

import asyncio

import pytest

from gateway.state import Lock, LockTimeout, StateStore, shared_value
from tests.state.conftest import Peer


async def test_a_lock_has_one_holder_and_expires_if_the_holder_vanishes(
    stores: tuple[StateStore, Peer],
) -> None:
    store, peer = stores
    # Half a second: the second try always comes before it expires, however loaded the machine.
    crashed = Lock(store, "refresh", ttl_s=0.5)
    # Long enough that a loaded machine cannot let it expire before the checks below.
    waiting = Lock(peer(), "refresh", ttl_s=10)

    assert await crashed.try_acquire()
    assert not await waiting.try_acquire()
    await asyncio.sleep(0.55)  # the holder never released: its timeout frees the lock
    assert await waiting.try_acquire()
    # The late holder's release must not free the lock it no longer holds.
    assert await crashed.release() is False
    assert not await Lock(store, "refresh", ttl_s=0.2).try_acquire()
    assert await waiting.release() is True
    assert await Lock(store, "refresh", ttl_s=0.2).try_acquire()


async def test_waiting_for_a_lock_gives_up_after_wait_s(store: StateStore) -> None:
    await Lock(store, "busy", ttl_s=5).acquire()

    with pytest.raises(LockTimeout):
        await Lock(store, "busy", ttl_s=5, wait_s=0.1).acquire()


async def test_a_shared_value_is_produced_once_for_many_concurrent_callers(
    stores: tuple[StateStore, Peer],
) -> None:
    store, peer = stores
    other = peer()
    produced: list[int] = []

    async def produce() -> tuple[bytes, float | None]:
        produced.append(1)
        await asyncio.sleep(0.05)
        return b"token-1", 60.0

    # The waiters' patience is the lock's TTL (+1 s): generous for a loaded 2-core machine.
    values = await asyncio.gather(
        *(shared_value(s, "tok", produce, lock_ttl_s=10) for s in [store, other] * 10)
    )

    assert values == [b"token-1"] * 20
    assert len(produced) == 1


async def test_a_stale_value_is_replaced_once_and_a_crashed_producer_is_outlived(
    store: StateStore,
) -> None:
    await store.set("tok", b"old")
    # A producer that took the lock and died: the value arrives only after its lock expires.
    assert await Lock(store, "tok", ttl_s=0.2).try_acquire()
    calls: list[int] = []

    async def produce() -> tuple[bytes, float | None]:
        calls.append(1)
        return f"new-{len(calls)}".encode(), None

    results = await asyncio.gather(
        *(shared_value(store, "tok", produce, lock_ttl_s=0.2, stale=b"old") for _ in range(5))
    )

    assert results == [b"new-1"] * 5
    assert await shared_value(store, "tok", produce, lock_ttl_s=0.2) == b"new-1"
    assert await store.get("tok") == b"new-1"


async def test_a_producer_failure_is_raised_and_the_next_caller_tries_again(
    store: StateStore,
) -> None:
    attempts: list[int] = []

    async def produce() -> tuple[bytes, float | None]:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("login refused")
        return b"ok", 10.0

    with pytest.raises(RuntimeError, match="login refused"):
        await shared_value(store, "tok", produce, lock_ttl_s=1)
    assert await shared_value(store, "tok", produce, lock_ttl_s=1) == b"ok"
