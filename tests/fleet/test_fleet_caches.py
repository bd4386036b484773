"""Caches and persisted documents of two real `gateway serve` processes sharing one Redis.

Both caches are on (the entity cache by default, the response cache by GATEWAY_CACHE__RESPONSES
in tests/fleet/conftest.py). What reached the upstreams is read from the sandbox process's own
counters; each test uses sandbox objects no other fleet test touches.
"""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from tests.conftest import gid
from tests.fleet.conftest import Fleet

SEND_TASK = "query FleetSendTask($id: ID!) { sendTask(id: $id) { upstreamId status } }"
UPDATE = """
mutation FleetUpdate($id: ID!) {
  updateSendTask(input: {id: $id, status: PENDING}) { userErrors { code } }
}
"""
ITEM_TASKS = """
query FleetItemTasks($ids: [ID!]!) { catalogItems(upstreamIds: $ids) { tasks { product version } } }
"""
CREATE = """
mutation FleetCreate($item: ID!) {
  createCatalogTask(input: {
    catalogItemUpstreamId: $item, product: SIMILAR, version: "7.7.7"
  }) { userErrors { code } }
}
"""
DEBUG = {"x-gateway-debug": "calls"}


def gql(base: str, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    response = httpx.post(
        f"{base}/graphql",
        json={"query": query, "variables": variables or {}},
        headers=DEBUG,
        timeout=15,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert "errors" not in body, body
    return body


def requests(fleet: Fleet, source: str) -> int:
    """Requests the sandbox process has served for `source` so far (its own counter)."""
    stats = httpx.get(f"{fleet.sandbox.base}/_stats", timeout=5).json()
    served: int = stats.get(source, {}).get("requests", 0)
    return served


def cache_hit(body: dict[str, Any]) -> bool:
    hit: bool = body["extensions"]["cache"]["hit"]
    return hit


def test_a_write_through_one_gateway_retires_the_others_kept_answer(fleet: Fleet) -> None:
    a, b = (gw.base for gw in fleet.gateways)
    task = {"id": gid("SendTask", "5040")}

    kept_by_b = gql(b, SEND_TASK, task)
    quiet = requests(fleet, "limbobeat")
    served_by_a = gql(a, SEND_TASK, task)
    served_without_upstream = requests(fleet, "limbobeat") - quiet
    gql(a, UPDATE, task)
    written = requests(fleet, "limbobeat")
    after_on_b = gql(b, SEND_TASK, task)

    assert kept_by_b["data"]["sendTask"]["status"] != "PENDING"
    # A answered with what B kept in Redis, asking no upstream.
    assert cache_hit(served_by_a) and served_by_a["data"] == kept_by_b["data"]
    assert served_without_upstream == 0
    # A's write retired it for B: B asked limbo/Beat again and saw the write.
    assert not cache_hit(after_on_b)
    assert after_on_b["data"]["sendTask"]["status"] == "PENDING"
    assert requests(fleet, "limbobeat") > written


def test_a_write_through_one_gateway_retires_the_others_cached_entities(fleet: Fleet) -> None:
    a, b = (gw.base for gw in fleet.gateways)
    item = {"ids": ["asset-0042"]}

    seen_by_b = gql(b, ITEM_TASKS, item)
    quiet = requests(fleet, "vionlabs")
    seen_by_a = gql(a, ITEM_TASKS, item)
    read_without_upstream = requests(fleet, "vionlabs") - quiet
    created = gql(a, CREATE, {"item": "asset-0042"})
    written = requests(fleet, "vionlabs")
    after_on_b = gql(b, ITEM_TASKS, item)

    new = {"product": "SIMILAR", "version": "7.7.7"}
    assert created["data"]["createCatalogTask"]["userErrors"] == []
    # The item's task list B read was in Redis for A (catalogItems has no response cache hint).
    assert seen_by_a["data"] == seen_by_b["data"] and read_without_upstream == 0
    assert new not in seen_by_b["data"]["catalogItems"][0]["tasks"]
    assert new in after_on_b["data"]["catalogItems"][0]["tasks"]
    assert requests(fleet, "vionlabs") == written + 1


def test_a_persisted_query_registered_on_one_gateway_is_found_on_the_other(fleet: Fleet) -> None:
    a, b = (gw.base for gw in fleet.gateways)
    # A text no other test sends, so no process can have seen it before.
    text = '{ fleetApq: sendTask(id: "U2VuZFRhc2s6NTA0MQ==") { upstreamId } }'
    digest = hashlib.sha256(text.encode()).hexdigest()
    hash_only = {"extensions": {"persistedQuery": {"version": 1, "sha256Hash": digest}}}

    unknown_on_b = httpx.post(f"{b}/graphql", json=hash_only, timeout=15).json()
    registered_on_a = httpx.post(f"{a}/graphql", json={"query": text, **hash_only}, timeout=15)
    found_on_b = httpx.post(f"{b}/graphql", json=hash_only, timeout=15).json()

    assert unknown_on_b["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    assert registered_on_a.json()["data"] == {"fleetApq": {"upstreamId": "5041"}}
    assert found_on_b["data"] == registered_on_a.json()["data"]
