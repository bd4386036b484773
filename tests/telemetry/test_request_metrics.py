"""Request metrics: latency by operation (names bounded), in-flight requests, and the counters
other features report through."""

from __future__ import annotations

import asyncio

from gateway.metrics import observe_cache, observe_rate_limited
from tests.conftest import Gateway, MakeGateway, sandbox_settings
from tests.gateway.test_metrics import sample

SECONDS = "gateway_graphql_request_seconds_count"


async def count(gateway: Gateway, name: str, kind: str) -> float:
    return await sample(gateway, SECONDS, operation_name=name, operation_type=kind)


async def test_latency_is_observed_by_operation_name_and_type(gateway: Gateway) -> None:
    before = await count(gateway, "LatencyProbe", "query")
    anonymous = await count(gateway, "anonymous", "query")

    await gateway.gql("query LatencyProbe { sendTasks(first: 1) { totalCount } }")
    await gateway.gql("query LatencyProbe { sendTasks(first: 1) { totalCount } }")
    await gateway.gql("{ sendTasks(first: 1) { totalCount } }")

    assert await count(gateway, "LatencyProbe", "query") == before + 2
    assert await count(gateway, "anonymous", "query") == anonymous + 1


async def test_operation_names_past_the_bound_are_counted_as_other(
    make_gateway: MakeGateway,
) -> None:
    gateway: Gateway = await make_gateway(sandbox_settings(metrics_operation_names=2))
    other = await count(gateway, "other", "query")
    first = await count(gateway, "BoundFirst", "query")
    second = await count(gateway, "BoundSecond", "query")
    unparsed = await count(gateway, "anonymous", "unknown")

    for name in ("BoundFirst", "BoundSecond", "BoundThird", "BoundFirst"):
        await gateway.gql(f"query {name} {{ sendTasks(first: 1) {{ totalCount }} }}")
    # A name in a document that does not validate never takes a label of its own.
    await gateway.gql("query Invalid { nope }")
    await gateway.gql("query Unparsed {")

    assert await count(gateway, "BoundFirst", "query") == first + 2
    assert await count(gateway, "BoundSecond", "query") == second + 1
    assert await count(gateway, "BoundThird", "query") == 0
    assert await count(gateway, "Invalid", "query") == 0
    assert await count(gateway, "other", "query") == other + 2
    # Nothing parsed, so no name: counted as anonymous, of an unknown type.
    assert await count(gateway, "anonymous", "unknown") == unparsed + 1


async def test_requests_in_flight_are_gauged(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", latency_ms=400, path_prefix="/api")
    idle = await sample(gateway, "gateway_graphql_requests_in_flight")

    slow = asyncio.create_task(gateway.gql("{ sendTasks(first: 1) { totalCount } }"))
    await asyncio.sleep(0.2)
    during = await sample(gateway, "gateway_graphql_requests_in_flight")
    await slow

    assert during == idle + 1
    assert await sample(gateway, "gateway_graphql_requests_in_flight") == idle


async def test_cache_lookups_and_rate_limit_refusals_are_exposed(gateway: Gateway) -> None:
    hits = await sample(gateway, "gateway_cache_lookups_total", cache="apq", result="hit")
    refusals = await sample(gateway, "gateway_rate_limit_refusals_total", limit="caller")

    observe_cache("apq", hit=True)
    observe_cache("apq", hit=False)
    observe_rate_limited("caller")

    assert await sample(gateway, "gateway_cache_lookups_total", cache="apq", result="hit") == (
        hits + 1
    )
    assert await sample(gateway, "gateway_rate_limit_refusals_total", limit="caller") == (
        refusals + 1
    )
