"""Redis stopped under a serving gateway: queries keep succeeding and health says Redis is down.

With every feature that keeps state in the store on: tokens and Xandr's login budget, the entity
and response caches, APQ and the callers' rate limits.
"""

from __future__ import annotations

import asyncio
import logging

import pytest
from pydantic import SecretStr

from gateway.caching.settings import CacheSettings
from gateway.limits.rate_settings import RateLimitSettings
from gateway.readiness import ReadinessSettings
from gateway.state import StateSettings
from tests.conftest import MakeGateway, sandbox_settings
from tests.processes import RedisServer
from tests.xandr.helpers import logins

QUERY = (
    '{ inventoryList(id: "SW52ZW50b3J5TGlzdDozOTAw") { name } '
    'sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }'
)


async def test_queries_succeed_while_redis_is_down_and_health_reports_it(
    make_gateway: MakeGateway, own_redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="gateway.state")
    gw = await make_gateway(
        sandbox_settings(
            redis_url=SecretStr(own_redis.url),
            state=StateSettings(retry_interval_s=0.1, redis_timeout_s=0.2),
            readiness=ReadinessSettings(cache_s=0),
            cache=CacheSettings(responses=True),
            rate_limits=RateLimitSettings(enabled=True),
        )
    )
    before = await gw.gql(QUERY)
    health_up = (await gw.http.get("/healthz")).json()

    own_redis.stop()
    # Past Xandr's token expiry: the next query logs in again, which needs the store.
    await gw.advance_clock(2 * 3600 + 60)
    during = [await gw.gql(QUERY) for _ in range(3)]
    health_down = (await gw.http.get("/healthz")).json()
    ready_down = await gw.http.get("/readyz")
    own_redis.start()
    await asyncio.sleep(0.15)
    after = await gw.gql(QUERY)
    health_back = (await gw.http.get("/healthz")).json()
    ready_back = (await gw.http.get("/readyz")).json()

    for body in [before, *during, after]:
        assert "errors" not in body, body
        assert body["data"]["sendTask"]["upstreamId"] == "5001"
    assert logins(during[0]) == 1
    # The caches carry on in this process's memory: the repeated query is a hit meanwhile.
    assert [body["extensions"]["cache"]["hit"] for body in during] == [False, True, True]
    assert health_up["state"] == {"backend": "redis", "healthy": True, "fleetWide": True}
    assert health_down["status"] == "ok"
    assert health_down["state"] == {"backend": "redis", "healthy": False, "fleetWide": False}
    assert health_back["state"]["healthy"] is True
    # Down Redis: not ready is wrong (the process serves), so ready, degraded, and said why.
    assert ready_down.status_code == 200
    assert ready_down.json()["status"] == "degraded"
    assert ready_down.json()["store"] == {
        "backend": "redis",
        "healthy": False,
        "fleetWide": False,
        "reachable": False,
    }
    assert ready_back["store"]["reachable"] is True
    assert len(caplog.records) == 2
