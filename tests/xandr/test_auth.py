"""Xandr's session token: shared, renewed only after NOAUTH, within the login limit."""

from __future__ import annotations

import asyncio

from gateway.sources.xandr.settings import XandrSettings
from tests.conftest import Gateway, MakeGateway, calls, gid, sandbox_settings
from tests.xandr.helpers import api_calls, logins, set_limits

LIST_NAME = """
query ($id: ID!) { inventoryList(id: $id) { name } }
"""
LIST_3900 = {"id": gid("InventoryList", "3900")}
TWO_HOURS = 2 * 3600


async def test_an_expired_token_is_renewed_once_and_the_query_still_succeeds(
    gateway: Gateway,
) -> None:
    first = await gateway.gql(LIST_NAME, LIST_3900)
    assert logins(first) == 1
    await gateway.advance_clock(TWO_HOURS + 60)
    body = await gateway.gql(LIST_NAME, LIST_3900)
    assert body["data"]["inventoryList"]["name"] == first["data"]["inventoryList"]["name"]
    sequence = [(c["method"], c["path"].rsplit("/", 1)[-1], c["status"]) for c in calls(body)]
    assert sequence == [
        ("GET", "inventory-list", 401),
        ("POST", "auth", 200),
        ("GET", "inventory-list", 200),
    ]


async def test_a_token_in_use_slides_but_expires_after_24_hours(gateway: Gateway) -> None:
    await gateway.gql(LIST_NAME, LIST_3900)
    renewed = 0
    for step in range(17):
        await gateway.advance_clock(5400)  # 1.5 h: the sliding expiry never passes
        body = await gateway.gql(LIST_NAME, LIST_3900)
        assert body["data"]["inventoryList"] is not None
        renewed += logins(body)
        if step < 15:
            assert renewed == 0
    assert renewed == 1


async def test_thirty_concurrent_queries_share_one_login(gateway: Gateway) -> None:
    bodies = await asyncio.gather(
        *(gateway.gql(LIST_NAME, {"id": gid("InventoryList", str(3900 + n))}) for n in range(30))
    )
    assert all(b["data"]["inventoryList"] is not None for b in bodies)
    assert sum(logins(b) for b in bodies) == 1
    # No call was refused for exceeding Xandr's 15 concurrent requests.
    assert all(c["status"] == 200 for b in bodies for c in calls(b, "xandr"))


async def test_the_gateway_never_logs_in_more_than_ten_times_in_five_minutes(
    gateway: Gateway,
) -> None:
    total = 0
    for _ in range(10):
        body = await gateway.gql(LIST_NAME, LIST_3900)
        assert body["data"]["inventoryList"] is not None
        total += logins(body)
        await gateway.advance_clock(TWO_HOURS + 60)
    body = await gateway.gql(LIST_NAME, LIST_3900)
    assert total == 10
    assert logins(body) == 0
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_RATE_LIMITED"
    assert body["errors"][0]["extensions"]["retryAfter"] > 0


async def test_rate_limits_switched_on_throttle_with_a_retry_delay(
    make_gateway: MakeGateway,
) -> None:
    gw = await make_gateway(sandbox_settings(xandr=XandrSettings(max_retry_wait_s=0)))
    await set_limits(gw, rate_limits=True, reads_per_minute=2)
    bodies = [await gw.gql(LIST_NAME, LIST_3900) for _ in range(3)]
    assert [b["data"]["inventoryList"] is not None for b in bodies] == [True, True, False]
    error = bodies[2]["errors"][0]["extensions"]
    assert error["code"] == "UPSTREAM_RATE_LIMITED"
    assert 0 < error["retryAfter"] <= 60
    assert [c["status"] for c in api_calls(bodies[2])] == [429]
    await gw.advance_clock(61)
    assert (await gw.gql(LIST_NAME, LIST_3900))["data"]["inventoryList"] is not None
