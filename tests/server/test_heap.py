"""A served app's start-up objects are frozen out of the collector's scans, once it has started."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import httpx
import pytest
from asgi_lifespan import LifespanManager

from gateway.app import create_app
from gateway.server.heap import settle_after_startup
from tests.conftest import sandbox_settings


@pytest.fixture
def unfrozen() -> Iterator[None]:
    gc.unfreeze()
    yield
    gc.unfreeze()  # the rest of the test run collects as before


async def test_the_heap_is_frozen_after_start_up_and_the_app_still_answers(
    unfrozen: None,
) -> None:
    app = settle_after_startup(create_app(sandbox_settings()))
    assert gc.get_freeze_count() == 0

    async with LifespanManager(app) as manager:
        frozen = gc.get_freeze_count()
        transport = httpx.ASGITransport(app=manager.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gw") as http:
            answer = await http.post(
                "/graphql", json={"query": "{ sendTasks(first: 1) { totalCount } }"}
            )

    # The upstream clients and the state store, opened by the lifespan, are among them.
    assert frozen > 10_000
    assert answer.json()["data"]["sendTasks"]["totalCount"] > 0
