"""Caches across requests, through GraphQL over HTTP: full caches evict, users never share."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from gateway.caching.settings import CacheSettings
from gateway.state.settings import StateSettings
from tests.conftest import Gateway, MakeGateway, as_user, calls, sandbox_settings

PAGE = """
query Page($first: Int!, $after: String) {
  sendTasks(first: $first, after: $after) {
    pageInfo { endCursor }
    edges { node { product { upstreamId name } dspUploadIdentification { dspName } } }
  }
}
"""
SEND_TASKS = "query P($first: Int!) { sendTasks(first: $first) { edges { node { id } } } }"
WORK_PAGE = "{ workInstances(type: OPEN, first: 2) { edges { node { upstreamId } } } }"


def limbobeat_reads(body: dict[str, Any]) -> list[str]:
    """The limbo/Beat GETs a request made besides its task list (relationships, products, DSPs)."""
    return [
        c["path"]
        for c in calls(body, "limbobeat")
        if c["method"] == "GET" and not c["path"].endswith("/send-tasks")
    ]


def cache_hit(body: dict[str, Any]) -> bool:
    return bool(body["extensions"]["cache"]["hit"])


@pytest.mark.parametrize(("bound", "evicted"), [(100, True), (10_000, False)])
async def test_a_full_entity_cache_forgets_the_least_recently_used(
    make_gateway: MakeGateway, bound: int, evicted: bool
) -> None:
    gw: Gateway = await make_gateway(
        sandbox_settings(state=StateSettings(memory_max_entries=bound))
    )
    first = await gw.gql(PAGE, {"first": 3})
    assert limbobeat_reads(first)  # the three tasks' relationships and products, now kept
    after = first["data"]["sendTasks"]["pageInfo"]["endCursor"]
    # Fifty more tasks: their two relationship ids each are 100 entries, before the products.
    await gw.gql(PAGE, {"first": 50, "after": after})

    again = await gw.gql(PAGE, {"first": 3})

    assert bool(limbobeat_reads(again)) is evicted
    assert again["data"] == first["data"]


@pytest.mark.parametrize(("bound", "evicted"), [(1, True), (2, False)])
async def test_a_full_response_cache_forgets_the_least_recently_used_answer(
    make_gateway: MakeGateway, bound: int, evicted: bool
) -> None:
    cache = CacheSettings(responses=True, responses_max_entries=bound)
    gw: Gateway = await make_gateway(sandbox_settings(cache=cache))
    first = await gw.gql(SEND_TASKS, {"first": 3})
    await gw.gql(SEND_TASKS, {"first": 4})

    again = await gw.gql(SEND_TASKS, {"first": 3})

    assert not cache_hit(first)
    assert cache_hit(again) is not evicted
    assert again["data"] == first["data"]


async def test_identical_reads_in_flight_are_never_shared_between_users(
    gateway: Gateway,
) -> None:
    alex, priya = as_user("alex.morgan@example.com"), as_user("priya.shah@example.com")
    await asyncio.gather(
        gateway.gql(WORK_PAGE, headers=alex), gateway.gql(WORK_PAGE, headers=priya)
    )
    # Slow enough for both requests to be waiting at once, for the same path.
    await gateway.fault("blueworks", latency_ms=150)

    answers = await asyncio.gather(
        gateway.gql(WORK_PAGE, headers=alex), gateway.gql(WORK_PAGE, headers=priya)
    )

    assert [a["extensions"]["upstreamCalls"]["shared"] for a in answers] == [0, 0]
    ids = [{e["node"]["upstreamId"] for e in a["data"]["workInstances"]["edges"]} for a in answers]
    assert not ids[0] & ids[1]
    assert all(calls(a, "blueworks") for a in answers)
