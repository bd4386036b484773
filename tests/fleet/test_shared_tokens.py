"""Upstream tokens and Xandr's login budget shared through Redis by several processes' clients.

Each "process" here is what one gateway process holds: its own store handle on the one Redis,
and its own clients, all sending to one sandbox. (tests/fleet/test_processes.py runs real ones.)
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from gateway.config import Settings
from gateway.errors import UpstreamRateLimited
from gateway.sandbox.app import create_sandbox
from gateway.sources.blueworks.client import BlueworksClient
from gateway.sources.limbobeat.client import LimbobeatClient
from gateway.sources.registry import SOURCES
from gateway.sources.xandr.client import XandrClient
from gateway.sources.xandr.settings import XandrSettings
from gateway.state import MemoryStore, StateSettings, StateStore, open_store

SANDBOX = "http://sandbox.internal"


class Fleet:
    """One sandbox, and per process: a store on the shared Redis (or its own memory), clients."""

    def __init__(self, redis_url: str | None, settings: Settings) -> None:
        self.sandbox = create_sandbox(
            {spec.name: spec.simulator for spec in SOURCES}, seed=1, size=10
        )
        self.transport = httpx.ASGITransport(self.sandbox)
        self.redis_url = redis_url
        self.settings = settings
        self.opened: list[Any] = []

    def process(self) -> dict[type[Any], Any]:
        url = SecretStr(self.redis_url) if self.redis_url else None
        store: StateStore = open_store(StateSettings(), url) if url else MemoryStore()
        self.opened.append(store)
        clients: dict[type[Any], Any] = {}
        for spec in SOURCES:
            section = spec.sandboxed(self.settings.section(spec.name), f"{SANDBOX}/{spec.name}")
            clients[spec.client_type] = spec.open_client(section, self.transport, store)
            self.opened.append(clients[spec.client_type])
        return clients

    async def routes(self, source: str) -> dict[str, int]:
        async with httpx.AsyncClient(transport=self.transport, base_url=SANDBOX) as http:
            stats = (await http.get("/_stats")).json()
        routes: dict[str, int] = stats.get(source, {}).get("routes", {})
        return routes

    async def advance_clock(self, seconds: float) -> None:
        async with httpx.AsyncClient(transport=self.transport, base_url=SANDBOX) as http:
            await http.post("/_clock/advance", json={"seconds": seconds})


@pytest.fixture
async def make_fleet() -> AsyncIterator[Callable[..., Fleet]]:
    fleets: list[Fleet] = []

    def make(redis_url: str | None, **settings: Any) -> Fleet:
        fleets.append(Fleet(redis_url, Settings(**settings)))
        return fleets[-1]

    yield make
    for fleet in fleets:
        for thing in reversed(fleet.opened):
            await thing.aclose()


async def use_every_token(clients: dict[type[Any], Any]) -> None:
    await clients[XandrClient].get_inventory_lists([3900])
    await clients[LimbobeatClient].get_send_task("5001")
    await clients[BlueworksClient].list_work("demo@example.com", "open", start_from=0, limit=1)


async def test_four_processes_log_in_and_fetch_each_token_once_for_the_fleet(
    make_fleet: Callable[..., Fleet], redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fleet = make_fleet(redis_url)
    processes = [fleet.process() for _ in range(4)]

    await asyncio.gather(*(use_every_token(p) for p in processes for _ in range(3)))

    assert (await fleet.routes("xandr"))["POST /auth"] == 1
    assert (await fleet.routes("limbobeat"))["POST /oauth/token"] == 1
    assert (await fleet.routes("blueworks"))["POST /oauth/token"] == 1
    # Each process's three identical reads share one call (gateway/http/inflight.py).
    assert (await fleet.routes("xandr"))["GET /inventory-list"] == 4
    stored = [raw for raw in await _stored_tokens(processes[0]) if raw]
    assert len(stored) == 3
    assert all(token not in caplog.text for token in stored)


async def _stored_tokens(clients: dict[type[Any], Any]) -> list[str]:
    """The token values as the store holds them (read through one process's own auth)."""
    values = []
    for client_type in (XandrClient, LimbobeatClient, BlueworksClient):
        token = await clients[client_type].http.auth.token()
        values.append(token.value)
    return values


async def test_a_token_the_upstream_refused_is_replaced_once_for_the_fleet(
    make_fleet: Callable[..., Fleet], redis_url: str
) -> None:
    fleet = make_fleet(redis_url)
    processes = [fleet.process() for _ in range(3)]
    await asyncio.gather(*(p[XandrClient].get_inventory_lists([3900]) for p in processes))

    await fleet.advance_clock(2 * 3600 + 60)  # every process's token is now refused (NOAUTH)
    await asyncio.gather(*(p[XandrClient].get_inventory_lists([3901]) for p in processes))

    assert (await fleet.routes("xandr"))["POST /auth"] == 2


async def test_the_xandr_login_budget_is_counted_for_the_fleet(
    make_fleet: Callable[..., Fleet], redis_url: str
) -> None:
    fleet = make_fleet(redis_url, xandr=XandrSettings(logins_per_window=3))
    first, second = fleet.process(), fleet.process()

    for clients in (first, second, first):
        await clients[XandrClient].get_inventory_lists([3900])
        await fleet.advance_clock(2 * 3600 + 60)
    with pytest.raises(UpstreamRateLimited) as refused:
        await second[XandrClient].get_inventory_lists([3900])

    assert (await fleet.routes("xandr"))["POST /auth"] == 3
    assert 0 < refused.value.details["retryAfter"] <= 300


async def test_without_redis_each_process_keeps_its_own_token_as_before(
    make_fleet: Callable[..., Fleet],
) -> None:
    fleet = make_fleet(None)
    processes = [fleet.process() for _ in range(2)]

    await asyncio.gather(*(use_every_token(p) for p in processes for _ in range(2)))

    assert (await fleet.routes("xandr"))["POST /auth"] == 2
    assert (await fleet.routes("limbobeat"))["POST /oauth/token"] == 2
