"""Reading inventory lists and their items through the graph."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, MakeGateway, calls, gid, sandbox_settings

LISTS_PAGE = """
query (
  $first: Int!, $after: String, $filter: InventoryListFilterInput, $order: InventoryListOrderInput
) {
  inventoryLists(first: $first, after: $after, filter: $filter, orderBy: $order) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { upstreamId name type hasApps: appCount domainCount advertiserId } }
  }
}
"""

ONE_LIST = """
query ($id: ID!) {
  inventoryList(id: $id) {
    id upstreamId uiId name description type typeRaw advertiserId insertionOrderId lineItemId
    requiredForAll domainCount appCount createdAt updatedAt
    items(first: 3) {
      totalCount
      edges { node { id upstreamId url inventoryUrl includeChildren appName isSupported
                     auditStatus auditStatusRaw rejectionReason } }
    }
  }
}
"""

BY_IDS = """
query ($ids: [ID!]!) { inventoryListsByUpstreamIds(upstreamIds: $ids) { upstreamId } }
"""

BY_UI_ID = """
query ($ui: ID!) { inventoryListByUiId(uiId: $ui) { upstreamId uiId } }
"""

NODE = """
query ($id: ID!) {
  node(id: $id) { id ... on InventoryList { upstreamId } ... on InventoryListItem { url } }
}
"""

ITEMS_PAGE = """
query ($id: ID!, $first: Int!, $after: String, $search: String) {
  inventoryList(id: $id) {
    items(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { upstreamId url } }
    }
  }
}
"""


async def walk(gw: Gateway, first: int, **variables: Any) -> tuple[list[str], int, int]:
    """Every list id, page by page; also the total and the number of upstream list calls."""
    seen: list[str] = []
    after, total, upstream = None, -1, 0
    while True:
        body = await gw.gql(LISTS_PAGE, {"first": first, "after": after, **variables})
        assert "errors" not in body, body
        page = body["data"]["inventoryLists"]
        total = page["totalCount"]
        upstream += len([c for c in calls(body, "xandr") if c["path"].endswith("/inventory-list")])
        seen += [edge["node"]["upstreamId"] for edge in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen, total, upstream
        after = page["pageInfo"]["endCursor"]


async def test_paging_through_all_lists_has_no_gaps_or_duplicates(gateway: Gateway) -> None:
    seen, total, _ = await walk(gateway, 7)
    assert total == 60
    assert seen == [str(3900 + i) for i in range(60)]


async def test_a_page_larger_than_100_is_read_in_windows_of_100(
    make_gateway: MakeGateway,
) -> None:
    gw = await make_gateway(sandbox_settings(size=250))
    seen, total, upstream = await walk(gw, 150)
    assert total == 250
    assert seen == [str(3900 + i) for i in range(250)]
    assert upstream == 4  # 100 + 50, then 100 + 0 (the last window is only partly filled)


async def test_filters_and_order_reach_xandr_and_pages_stay_consistent(gateway: Gateway) -> None:
    variables = {
        "filter": {"type": "BLOCKLIST", "hasApps": True},
        "order": {"field": "NAME", "direction": "DESC"},
    }
    seen, total, _ = await walk(gateway, 4, **variables)
    assert len(seen) == len(set(seen)) == total > 0
    body = await gateway.gql(LISTS_PAGE, {"first": 100, **variables})
    nodes = [e["node"] for e in body["data"]["inventoryLists"]["edges"]]
    assert all(n["type"] == "BLOCKLIST" and n["hasApps"] > 0 for n in nodes)
    assert [n["name"] for n in nodes] == sorted((n["name"] for n in nodes), reverse=True)
    assert [n["upstreamId"] for n in nodes] == seen


async def test_search_finds_lists_whose_domains_contain_the_term(gateway: Gateway) -> None:
    body = await gateway.gql(LISTS_PAGE, {"first": 100, "filter": {"search": "weather"}})
    found = {e["node"]["upstreamId"] for e in body["data"]["inventoryLists"]["edges"]}
    for list_id in list(found)[:3]:
        variables = {"id": gid("InventoryList", list_id), "first": 50, "search": "weather"}
        items = await gateway.gql(ITEMS_PAGE, variables)
        urls = [e["node"]["url"] for e in items["data"]["inventoryList"]["items"]["edges"]]
        assert urls and all("weather" in url for url in urls)
    assert 0 < len(found) < 60


async def test_a_list_carries_every_field_with_utc_timestamps(gateway: Gateway) -> None:
    body = await gateway.gql(ONE_LIST, {"id": gid("InventoryList", "3901")})
    found = body["data"]["inventoryList"]
    assert found["upstreamId"] == "3901"
    assert found["uiId"] == "71007"
    assert found["type"] in ("ALLOWLIST", "BLOCKLIST")
    assert found["typeRaw"] == found["type"].lower()
    assert found["createdAt"].endswith("+00:00") and found["updatedAt"].endswith("+00:00")
    assert found["items"]["totalCount"] == found["domainCount"] + found["appCount"]
    assert found["appCount"] > 0 and found["domainCount"] > 0
    item = found["items"]["edges"][0]["node"]
    assert item["auditStatus"] == item["auditStatusRaw"].upper()
    refetched = await gateway.gql(NODE, {"id": item["id"]})
    assert refetched["data"]["node"]["url"] == item["url"]


async def test_ids_that_name_no_list_are_null_not_errors(gateway: Gateway) -> None:
    for key in ("999999", "not-a-number"):
        body = await gateway.gql(ONE_LIST, {"id": gid("InventoryList", key)})
        assert body["data"]["inventoryList"] is None
        assert "errors" not in body


async def test_an_api_id_or_another_types_id_is_bad_input(gateway: Gateway) -> None:
    for raw in ("3901", gid("SendTask", "3901")):
        body = await gateway.gql(ONE_LIST, {"id": raw})
        assert body["data"]["inventoryList"] is None
        assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "id"}
        assert calls(body) == []


async def test_the_refusal_of_another_types_id_names_both_types_in_english(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(
        '{ inventoryList(id: "U2VuZFRhc2s6Mzkw") { name } '
        'sendTask(id: "SW52ZW50b3J5TGlzdDozOTAw") { upstreamId } }'
    )

    assert [e["message"] for e in body["errors"]] == [
        "`id` must be an InventoryList id; 'U2VuZFRhc2s6Mzkw' is the id of a SendTask",
        "`id` must be a SendTask id; 'SW52ZW50b3J5TGlzdDozOTAw' is the id of an InventoryList",
    ]


async def test_150_ids_are_fetched_in_two_requests_matched_by_id(
    make_gateway: MakeGateway,
) -> None:
    gw = await make_gateway(sandbox_settings(size=200))
    ids = [str(4099 - i) for i in range(148)] + ["1", "2"]
    body = await gw.gql(BY_IDS, {"ids": ids})
    got = [n["upstreamId"] if n else None for n in body["data"]["inventoryListsByUpstreamIds"]]
    assert got == [*ids[:148], None, None]
    lookups = calls(body, "xandr")
    assert [c["method"] for c in lookups if c["path"] != "/xandr/auth"] == ["GET", "GET"]
    assert sorted(c["batchSize"] for c in lookups if c["batchSize"]) == [50, 100]


async def test_a_ui_id_resolves_to_the_api_id(gateway: Gateway) -> None:
    body = await gateway.gql(BY_UI_ID, {"ui": "71014"})
    assert body["data"]["inventoryListByUiId"] == {"upstreamId": "3902", "uiId": "71014"}
    body = await gateway.gql(BY_UI_ID, {"ui": "5"})
    assert body["data"]["inventoryListByUiId"] is None


async def test_items_page_without_gaps_or_duplicates(gateway: Gateway) -> None:
    seen: list[str] = []
    after = None
    while True:
        variables = {"id": gid("InventoryList", "3902"), "first": 3, "after": after}
        body = await gateway.gql(ITEMS_PAGE, variables)
        items = body["data"]["inventoryList"]["items"]
        seen += [e["node"]["upstreamId"] for e in items["edges"]]
        if not items["pageInfo"]["hasNextPage"]:
            break
        after = items["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == items["totalCount"] == 13
    assert seen == sorted(seen, key=int)


async def test_ties_keep_ascending_id_across_pages_whatever_order_xandr_gives_them(
    gateway: Gateway,
) -> None:
    order = {"order": {"field": "APP_COUNT", "direction": "DESC"}}
    seen, total, _ = await walk(gateway, 7, **order)
    body = await gateway.gql(LISTS_PAGE, {"first": 100, **order})
    edges = body["data"]["inventoryLists"]["edges"]
    counts = {e["node"]["upstreamId"]: e["node"]["hasApps"] for e in edges}

    assert len(seen) == len(set(seen)) == total == 60
    # Xandr's own order of equal counts is not by id (the sandbox gives ties descending id).
    assert len(set(counts.values())) < len(counts)
    assert seen == sorted(seen, key=lambda i: (-counts[i], int(i)))
