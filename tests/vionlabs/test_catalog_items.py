"""Catalog items: one list call per distinct item, fanned out in parallel, failures per item."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls, gid

ITEMS = """
query Items($ids: [ID!]!) {
  catalogItems(upstreamIds: $ids) {
    id upstreamId
    tasks {
      id catalogItem { upstreamId } product productRaw version status statusRaw error
      actions { name }
    }
  }
}
"""

ITEM_TWICE = """
query Twice($id: ID!) {
  a: catalogItem(id: $id) { id tasks { product } }
  b: catalogItem(id: $id) { id tasks { product } }
  catalogItems(upstreamIds: ["asset-0001", "asset-0002", "asset-0001"]) { upstreamId }
}
"""

ITEM = """
query Item($id: ID!) { catalogItem(id: $id) { id tasks { product statusRaw } } }
"""


def peak_overlap(made: list[dict[str, Any]]) -> int:
    spans = [(c["startedMs"], c["startedMs"] + c["durationMs"]) for c in made]
    return max(sum(1 for s, e in spans if s <= start < e) for start, _ in spans)


async def test_twenty_items_are_twenty_list_calls_in_parallel_within_the_bound(
    gateway: Gateway,
) -> None:
    await gateway.fault("vionlabs", latency_ms=100)
    ids = [f"asset-{i:04d}" for i in range(1, 21)]

    body = await gateway.gql(ITEMS, {"ids": ids})

    assert "errors" not in body
    assert [item["upstreamId"] for item in body["data"]["catalogItems"]] == ids
    made = calls(body, "vionlabs")
    assert sorted(c["path"] for c in made) == sorted(
        f"/vionlabs/tasks/catalog-item/{i}" for i in ids
    )
    # Sequential calls would never overlap; the default max_concurrency is 8.
    assert 2 <= peak_overlap(made) <= 8


async def test_repeated_item_ids_in_one_request_are_fetched_once(gateway: Gateway) -> None:
    body = await gateway.gql(ITEM_TWICE, {"id": gid("CatalogItem", "asset-0001")})

    assert "errors" not in body
    assert body["data"]["a"] == body["data"]["b"]
    assert body["data"]["a"]["id"] == gid("CatalogItem", "asset-0001")
    assert [i["upstreamId"] for i in body["data"]["catalogItems"]] == [
        "asset-0001",
        "asset-0002",
        "asset-0001",
    ]
    assert sorted(c["path"] for c in calls(body, "vionlabs")) == [
        "/vionlabs/tasks/catalog-item/asset-0001",
        "/vionlabs/tasks/catalog-item/asset-0002",
    ]


async def test_an_unknown_item_is_null_without_failing_the_others(gateway: Gateway) -> None:
    body = await gateway.gql(ITEMS, {"ids": ["asset-0002", "no-such-asset"]})

    assert "errors" not in body
    known, unknown = body["data"]["catalogItems"]
    assert known["upstreamId"] == "asset-0002" and known["tasks"]
    assert unknown is None
    unknown_id = gid("CatalogItem", "no-such-asset")
    assert (await gateway.gql(ITEM, {"id": unknown_id}))["data"]["catalogItem"] is None


async def test_one_items_outage_nulls_that_item_only(gateway: Gateway) -> None:
    # Three answers: the first try and both retries of that item's GET.
    await gateway.fault(
        "vionlabs", status=503, times=3, path_prefix="/tasks/catalog-item/asset-0003"
    )

    body = await gateway.gql(ITEMS, {"ids": ["asset-0002", "asset-0003", "asset-0004"]})

    items = body["data"]["catalogItems"]
    assert items[0]["upstreamId"] == "asset-0002" and items[2]["upstreamId"] == "asset-0004"
    assert items[1] is None
    [error] = body["errors"]
    assert error["path"] == ["catalogItems", 1]
    assert error["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert error["extensions"]["source"] == "vionlabs"


async def test_unknown_products_and_statuses_pass_through_as_raw_strings(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(ITEMS, {"ids": ["asset-0001"]})

    listed = body["data"]["catalogItems"][0]["tasks"]
    tasks = {t["productRaw"] + "@" + t["version"]: t for t in listed}
    dubbing = tasks["dubbing@0.3.0"]
    assert dubbing["product"] == "UNKNOWN"
    assert dubbing["status"] == "DONE"
    queued = tasks["fingerprint@3.1.4"]
    assert (queued["product"], queued["status"], queued["statusRaw"]) == (
        "FINGERPRINT",
        "UNKNOWN",
        "queued",
    )


async def test_listed_tasks_have_no_actions_because_the_list_has_no_links(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(ITEMS, {"ids": ["asset-0002"]})

    tasks = body["data"]["catalogItems"][0]["tasks"]
    assert tasks
    assert all(t["actions"] is None for t in tasks)
    assert all(t["catalogItem"] == {"upstreamId": "asset-0002"} for t in tasks)
    assert {t["statusRaw"] for t in tasks} <= {"pending", "processing", "done", "failed"}


async def test_an_id_of_another_type_is_refused_before_any_call(gateway: Gateway) -> None:
    body = await gateway.gql(ITEM, {"id": gid("SendTask", "asset-0001")})

    assert body["data"] == {"catalogItem": None}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}
    assert "CatalogItem" in error["message"]
    assert calls(body) == []


async def test_a_catalog_item_is_refetched_by_its_global_id(gateway: Gateway) -> None:
    listed = await gateway.gql(ITEMS, {"ids": ["asset-0002"]})
    item = listed["data"]["catalogItems"][0]

    body = await gateway.gql(
        "query N($id: ID!) { node(id: $id) { id ... on CatalogItem { upstreamId } } }",
        {"id": item["id"]},
    )

    assert body["data"]["node"] == {"id": item["id"], "upstreamId": "asset-0002"}
