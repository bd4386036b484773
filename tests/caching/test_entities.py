"""The entity cache: writes are seen, identities never mix, TTLs expire, a full cache evicts."""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.caching.entities import EntityCache, EntityKind, TextCodec, fresh_reads
from gateway.caching.writes import WriteVersions
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.state import MemoryStore
from tests.conftest import Gateway, MakeGateway, as_user, calls, sandbox_settings

ITEM_TASKS = """
query Item($ids: [ID!]!) { catalogItems(upstreamIds: $ids) { tasks { product version } } }
"""
CREATE = """
mutation Create($item: ID!) {
  createCatalogTask(input: {
    catalogItemUpstreamId: $item, product: SIMILAR, version: "9.9.9"
  }) { catalogTask { product version } userErrors { code } }
}
"""
PRODUCTS = """
query Page($first: Int!) {
  sendTasks(first: $first) { edges { node { product { upstreamId name } } } }
}
"""
WORK_PAGE = """
{ workInstances(type: OPEN, first: 1) { edges { node { id } } } }
"""
WORK_NODE = """
query Node($id: ID!) { node(id: $id) { ... on WorkInstance { upstreamId detail { subject } } } }
"""


def paths(body: dict[str, Any], source: str) -> list[str]:
    return [c["path"] for c in calls(body, source)]


async def test_a_write_through_the_gateway_is_seen_by_the_next_read(gateway: Gateway) -> None:
    before = await gateway.gql(ITEM_TASKS, {"ids": ["asset-0003"]})
    cached = await gateway.gql(ITEM_TASKS, {"ids": ["asset-0003"]})
    assert not paths(cached, "vionlabs")  # kept from the first read

    created = await gateway.gql(CREATE, {"item": "asset-0003"})
    assert created["data"]["createCatalogTask"]["userErrors"] == []
    after = await gateway.gql(ITEM_TASKS, {"ids": ["asset-0003"]})

    new = {"product": "SIMILAR", "version": "9.9.9"}
    assert new not in before["data"]["catalogItems"][0]["tasks"]
    assert new in after["data"]["catalogItems"][0]["tasks"]
    assert paths(after, "vionlabs") == ["/vionlabs/tasks/catalog-item/asset-0003"]


async def test_an_entry_kept_for_one_user_never_answers_another(gateway: Gateway) -> None:
    owner = as_user("demo@example.com")
    (edge,) = (await gateway.gql(WORK_PAGE, headers=owner))["data"]["workInstances"]["edges"]
    variables = {"id": edge["node"]["id"]}
    seen = await gateway.gql(WORK_NODE, variables, headers=owner)
    again = await gateway.gql(WORK_NODE, variables, headers=owner)
    assert seen["data"]["node"]["detail"]["subject"]
    assert not [p for p in paths(again, "blueworks") if p.endswith("/WorkDetail")]

    stranger = await gateway.gql(WORK_NODE, variables, headers=as_user("alex.morgan@example.com"))

    assert stranger["data"]["node"] is None
    assert [p for p in paths(stranger, "blueworks") if p.endswith("/WorkDetail")]


async def test_a_kept_entity_expires_after_its_ttl(make_gateway: MakeGateway) -> None:
    section = LimbobeatSettings(product_cache_ttl_s=0.2)
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=section))
    await gw.gql(PRODUCTS, {"first": 5})

    within = await gw.gql(PRODUCTS, {"first": 5})
    await asyncio.sleep(0.3)
    after = await gw.gql(PRODUCTS, {"first": 5})

    assert not any(p.endswith("/products") for p in paths(within, "limbobeat"))
    assert any(p.endswith("/products") for p in paths(after, "limbobeat"))
    assert after["data"] == within["data"]


async def test_a_full_store_forgets_the_least_recently_used_entities() -> None:
    store = MemoryStore(max_entries=2)
    cache = EntityCache(store, WriteVersions(store))
    kind: EntityKind[str] = EntityKind("test.name", "test", TextCodec(), ttl_s=60)

    await cache.put_many(kind, {"a": "A", "b": "B"})
    await cache.get_many(kind, ["a"])  # "a" is now the most recently used
    await cache.put_many(kind, {"c": "C"})

    assert await cache.get_many(kind, ["a", "b", "c"]) == {"a": "A", "c": "C"}


async def test_entities_of_one_caller_are_kept_apart_from_another_callers() -> None:
    store = MemoryStore()
    cache = EntityCache(store, WriteVersions(store))
    kind: EntityKind[str] = EntityKind("test.detail", "test", TextCodec(), ttl_s=60)

    await cache.put_many(kind, {"7": "as alex sees it"}, caller="alex@example.com")

    assert await cache.get_many(kind, ["7"], caller="kim@example.com") == {}
    assert await cache.get_many(kind, ["7"], caller="alex@example.com") == {"7": "as alex sees it"}


async def test_a_write_retires_only_the_kinds_that_follow_writes() -> None:
    store = MemoryStore()
    writes = WriteVersions(store)
    cache = EntityCache(store, writes)
    follows: EntityKind[str] = EntityKind("test.tasks", "test", TextCodec(), ttl_s=60)
    fixed: EntityKind[str] = EntityKind(
        "test.ids", "test", TextCodec(), ttl_s=60, follows_writes=False
    )
    await cache.put_many(follows, {"1": "old"})
    await cache.put_many(fixed, {"1": "never changes"})

    await writes.bump("test")

    assert await cache.get_many(follows, ["1"]) == {}
    assert await cache.get_many(fixed, ["1"]) == {"1": "never changes"}


SEND_TASKS = "{ sendTasks(first: 3) { totalCount } }"


async def test_concurrent_requests_share_a_failure_that_later_ones_do_not_see(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=LimbobeatSettings(retries=0)))
    await gw.gql(SEND_TASKS)  # the token first
    # One failing answer, slow enough for both requests to be waiting for the same call.
    await gw.fault("limbobeat", status=503, times=1, latency_ms=100, path_prefix="/api/v1")

    both = await asyncio.gather(gw.gql(SEND_TASKS), gw.gql(SEND_TASKS))
    later = await gw.gql(SEND_TASKS)

    codes = [b["errors"][0]["extensions"]["code"] for b in both]
    assert codes == ["UPSTREAM_UNAVAILABLE", "UPSTREAM_UNAVAILABLE"]
    assert sorted(b["extensions"]["upstreamCalls"]["shared"] for b in both) == [0, 1]
    assert "errors" not in later and later["data"]["sendTasks"]["totalCount"] > 0
    assert (await gw.traffic("limbobeat"))["routes"]["GET /api/{id}/send-tasks"] == 3


async def test_fresh_reads_ask_the_upstream_and_refresh_what_is_kept() -> None:
    store = MemoryStore()
    cache = EntityCache(store, WriteVersions(store))
    kind: EntityKind[str] = EntityKind("test.state", "test", TextCodec(), ttl_s=60)
    await cache.put_many(kind, {"1": "queued"})

    async def upstream(keys: object) -> dict[str, str]:
        return {"1": "done"}

    with fresh_reads():
        assert await cache.through(kind, ["1"], upstream) == {"1": "done"}
    assert await cache.get_many(kind, ["1"]) == {"1": "done"}


WORK_ITEMS = """
query Page($ids: [ID!]!) {
  workItems(sourceIds: $ids, first: 12) { items { payload events { id } } }
}
"""


async def test_work_item_details_are_read_once_per_item_across_requests(gateway: Gateway) -> None:
    first = await gateway.gql(WORK_ITEMS, {"ids": ["retail-modular"]})
    again = await gateway.gql(WORK_ITEMS, {"ids": ["retail-modular"]})

    details = [p for p in paths(first, "interchange") if "/work-items/" in p]
    assert len(details) == len(first["data"]["workItems"]["items"]) > 1
    assert not [p for p in paths(again, "interchange") if "/work-items/" in p]
    assert again["data"] == first["data"]
