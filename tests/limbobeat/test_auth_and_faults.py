"""Token sharing and refresh, and how this source's failures reach the caller."""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import SecretStr

from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.sources.limbobeat.simulator import STATIC_TOKEN, TOKEN_LIFETIME_S
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

COUNT = "{ sendTasks(first: 1) { totalCount } }"
TASK = '{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }'


def token_fetches(body: dict[str, Any]) -> int:
    return sum(1 for c in calls(body, "limbobeat") if c["path"].endswith("/oauth/token"))


async def test_twenty_concurrent_queries_share_one_token_fetch(gateway: Gateway) -> None:
    bodies = await asyncio.gather(*(gateway.gql(COUNT) for _ in range(20)))
    assert all(b["data"]["sendTasks"]["totalCount"] == 60 for b in bodies)
    assert sum(token_fetches(b) for b in bodies) == 1


async def test_an_expired_token_is_fetched_again_once(gateway: Gateway) -> None:
    first = await gateway.gql(COUNT)
    assert token_fetches(first) == 1
    await gateway.advance_clock(TOKEN_LIFETIME_S + 1)
    body = await gateway.gql(COUNT)
    assert body["data"]["sendTasks"]["totalCount"] == 60
    statuses = [c["status"] for c in calls(body, "limbobeat")]
    assert statuses == [401, 200, 200]
    assert token_fetches(body) == 1


async def test_a_static_token_setting_skips_the_password_grant(make_gateway: MakeGateway) -> None:
    settings = LimbobeatSettings(token=SecretStr(STATIC_TOKEN))
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=settings))
    body = await gw.gql(COUNT)
    assert body["data"]["sendTasks"]["totalCount"] == 60
    assert token_fetches(body) == 0


async def test_a_5xx_gives_null_and_an_unavailable_error(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=LimbobeatSettings(retries=1)))
    await gw.fault("limbobeat", status=503, path_prefix="/api/v1")
    body = await gw.gql(TASK)
    assert body["data"]["sendTask"] is None
    ext = body["errors"][0]["extensions"]
    assert (ext["code"], ext["source"]) == ("UPSTREAM_UNAVAILABLE", "limbobeat")
    assert len([c for c in calls(body, "limbobeat") if c["status"] == 503]) == 2


async def test_one_5xx_is_retried_for_a_read(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", status=502, times=1, path_prefix="/api/v1")
    body = await gateway.gql(TASK)
    assert body["data"]["sendTask"] == {"upstreamId": "5001"}


async def test_a_hung_upstream_gives_a_timeout_error(make_gateway: MakeGateway) -> None:
    section = LimbobeatSettings(timeout_s=0.2, retries=0)
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=section))
    await gw.gql(COUNT)  # the token first, so only the read hangs
    await gw.fault("limbobeat", timeout=True, hang_s=1, path_prefix="/api/v1")
    body = await gw.gql(TASK)
    assert body["data"]["sendTask"] is None
    ext = body["errors"][0]["extensions"]
    assert (ext["code"], ext["source"]) == ("UPSTREAM_TIMEOUT", "limbobeat")


async def test_a_malformed_body_gives_a_bad_response_error(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", malformed=True, path_prefix="/api/v1")
    body = await gateway.gql(COUNT)
    assert body["data"]["sendTasks"] is None
    ext = body["errors"][0]["extensions"]
    assert (ext["code"], ext["source"]) == ("UPSTREAM_BAD_RESPONSE", "limbobeat")


async def test_a_failed_products_call_nulls_only_the_product(gateway: Gateway) -> None:
    query = '{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId product { name } } }'
    await gateway.fault("limbobeat", status=500, path_prefix="/api/v1/products")
    body = await gateway.gql(query)
    assert body["data"]["sendTask"] == {"upstreamId": "5001", "product": None}
    assert body["errors"][0]["path"] == ["sendTask", "product"]
    assert body["errors"][0]["extensions"]["source"] == "limbobeat"
