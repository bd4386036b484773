"""A source's circuit breaker, seen through GraphQL: it opens, fails fast, and recovers."""

from __future__ import annotations

import asyncio

from gateway.sources.limbobeat.settings import LimbobeatSettings
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

COUNT = "{ sendTasks(first: 1) { totalCount } }"
OPEN_S = 0.3


async def metric(gw: Gateway, state: str) -> str:
    text = (await gw.http.get("/metrics")).text
    line = f'gateway_upstream_breaker_state{{source="limbobeat",state="{state}"}}'
    return next(row.split()[-1] for row in text.splitlines() if row.startswith(line))


async def test_a_breaker_opens_after_repeated_failures_and_recovers_through_half_open(
    make_gateway: MakeGateway,
) -> None:
    section = LimbobeatSettings(retries=0, breaker_failure_threshold=3, breaker_open_s=OPEN_S)
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=section))
    await gw.gql(COUNT)  # the token first
    await gw.fault("limbobeat", status=503, path_prefix="/api")

    failing = [await gw.gql(COUNT) for _ in range(3)]
    assert [len(calls(body, "limbobeat")) for body in failing] == [1, 1, 1]

    # Open: answered at once, with when to come back, and nothing reaches the upstream.
    before = (await gw.traffic("limbobeat"))["requests"]
    refused = await gw.gql(COUNT)
    error = refused["errors"][0]["extensions"]
    assert (error["code"], error["source"]) == ("UPSTREAM_UNAVAILABLE", "limbobeat")
    assert 0 < error["retryAfter"] <= 1
    assert calls(refused, "limbobeat") == []
    assert (await gw.traffic("limbobeat"))["requests"] == before
    assert await metric(gw, "open") == "1.0"

    # The upstream recovers; after the cool-down one trial call goes through and closes it.
    await gw.clear_fault("limbobeat")
    await asyncio.sleep(OPEN_S)
    trial = await gw.gql(COUNT)
    assert trial["data"]["sendTasks"]["totalCount"] > 0
    assert len(calls(trial, "limbobeat")) == 1
    assert await metric(gw, "closed") == "1.0"


async def test_a_failed_trial_opens_the_breaker_again(make_gateway: MakeGateway) -> None:
    section = LimbobeatSettings(retries=0, breaker_failure_threshold=1, breaker_open_s=OPEN_S)
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=section))
    await gw.gql(COUNT)
    await gw.fault("limbobeat", status=500, path_prefix="/api")
    await gw.gql(COUNT)

    await asyncio.sleep(OPEN_S)
    trial = await gw.gql(COUNT)
    after = await gw.gql(COUNT)

    assert [c["status"] for c in calls(trial, "limbobeat")] == [500]
    assert calls(after, "limbobeat") == []
    assert after["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
