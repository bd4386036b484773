"""The response cache: opt-in, by hints, per caller where private, retired by writes."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.caching.responses import Asker, ResponseCache
from gateway.caching.settings import CacheSettings
from gateway.state import MemoryStore
from tests.conftest import Gateway, MakeGateway, as_user, calls, sandbox_settings

DASHBOARD = """
query Dashboard($first: Int!) {
  tasks(first: $first) { totalCount edges { node { id title state } } }
  taskSummary { totalCount }
}
"""
SEND_TASKS = "query P($first: Int!) { sendTasks(first: $first) { edges { node { id status } } } }"
UNHINTED = "{ workInstances(type: OPEN, first: 2) { edges { node { id } } } }"
UPDATE = """
mutation Update($id: ID!) {
  updateSendTask(input: {id: $id, status: PROCESSING}) { userErrors { code } }
}
"""
ALICE, KIM = as_user("demo@example.com"), as_user("kim.novak@example.com")


async def cached_gateway(make_gateway: MakeGateway, **settings: Any) -> Gateway:
    gw: Gateway = await make_gateway(
        sandbox_settings(cache=CacheSettings(responses=True), **settings)
    )
    return gw


def report(body: dict[str, Any]) -> dict[str, Any] | None:
    found: dict[str, Any] | None = (body.get("extensions") or {}).get("cache")
    return found


async def test_off_unless_switched_on(gateway: Gateway) -> None:
    first = await gateway.gql(SEND_TASKS, {"first": 3})
    second = await gateway.gql(SEND_TASKS, {"first": 3})

    assert report(second) is None
    assert calls(second, "limbobeat") and calls(first, "limbobeat")


async def test_a_repeated_dashboard_is_answered_from_the_cache_with_its_age(
    make_gateway: MakeGateway,
) -> None:
    gw = await cached_gateway(make_gateway)
    first = await gw.gql(DASHBOARD, {"first": 10}, headers=ALICE)
    second = await gw.gql(DASHBOARD, {"first": 10}, headers=ALICE)
    other_variables = await gw.gql(DASHBOARD, {"first": 11}, headers=ALICE)

    assert report(first) == {"hit": False, "maxAgeS": 15, "scope": "PRIVATE"}
    hit = report(second)
    assert hit is not None and hit["hit"] is True and 0 <= hit["ageS"] < 15
    assert second["data"] == first["data"]
    assert calls(second) == []
    assert report(other_variables)["hit"] is False  # type: ignore[index]


async def test_a_private_answer_is_never_served_to_another_user_or_other_scopes(
    make_gateway: MakeGateway,
) -> None:
    gw = await cached_gateway(make_gateway)
    await gw.gql(DASHBOARD, {"first": 10}, headers=ALICE)

    kim = await gw.gql(DASHBOARD, {"first": 10}, headers=KIM)
    narrower = as_user("demo@example.com", "work:read")
    fewer_scopes = await gw.gql(DASHBOARD, {"first": 10}, headers=narrower)

    assert report(kim)["hit"] is False and calls(kim, "blueworks")  # type: ignore[index]
    assert report(fewer_scopes)["hit"] is False  # type: ignore[index]


async def test_a_write_through_the_gateway_retires_kept_answers(
    make_gateway: MakeGateway,
) -> None:
    gw = await cached_gateway(make_gateway)
    before = await gw.gql(SEND_TASKS, {"first": 3})
    task = before["data"]["sendTasks"]["edges"][0]["node"]
    assert report(await gw.gql(SEND_TASKS, {"first": 3}))["hit"] is True  # type: ignore[index]

    await gw.gql(UPDATE, {"id": task["id"]})
    after = await gw.gql(SEND_TASKS, {"first": 3})

    assert report(after)["hit"] is False  # type: ignore[index]
    assert after["data"]["sendTasks"]["edges"][0]["node"]["status"] == "PROCESSING"


async def test_no_cache_asks_the_upstreams_again(make_gateway: MakeGateway) -> None:
    gw = await cached_gateway(make_gateway)
    await gw.gql(SEND_TASKS, {"first": 3})

    fresh = await gw.gql(SEND_TASKS, {"first": 3}, headers={"Cache-Control": "no-cache"})

    assert report(fresh)["hit"] is False and calls(fresh, "limbobeat")  # type: ignore[index]


async def test_operations_without_hints_and_partial_answers_are_not_kept(
    make_gateway: MakeGateway,
) -> None:
    gw = await cached_gateway(make_gateway)
    unhinted = [await gw.gql(UNHINTED, headers=ALICE) for _ in range(2)]
    assert report(unhinted[1]) is None and calls(unhinted[1], "blueworks")

    await gw.fault("vionlabs", status=503)
    partial = await gw.gql(DASHBOARD, {"first": 10}, headers=ALICE)
    again = await gw.gql(DASHBOARD, {"first": 10}, headers=ALICE)

    assert partial["errors"] and report(again)["hit"] is False  # type: ignore[index]


async def test_a_kept_answer_expires_with_its_max_age() -> None:
    cache = ResponseCache(CacheSettings(responses=True), ["limbobeat"])
    cache.open(MemoryStore())
    asker = Asker(frozenset({"work:read"}), "ip:127.0.0.1", None)
    key = await cache.key("{ x }", None, {}, asker, private=False)
    assert key is not None

    await cache.put(key, {"x": 1}, max_age_s=0.1)
    kept = await cache.get(key)
    await asyncio.sleep(0.2)

    assert kept is not None and kept.data == {"x": 1}
    assert await cache.get(key) is None
