"""A list's item count asked alone is answered from the list: no items call per list."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls

COUNTS = "{ inventoryLists(first: 6) { edges { node { items { totalCount } } } } }"
READ = """
{ inventoryLists(first: 6) { edges { node { items(first: 1) { totalCount edges { cursor } } } } } }
"""
LINKED = """
query Linked($ids: [ID!]!) {
  workItems(sourceIds: $ids, first: 30) {
    items { resource { ... on InventoryList { items { totalCount } } } }
  }
}
"""


def totals(body: dict[str, Any]) -> list[int]:
    edges = body["data"]["inventoryLists"]["edges"]
    return [e["node"]["items"]["totalCount"] for e in edges]


async def test_counts_alone_cost_no_item_calls_and_agree_with_the_items(gateway: Gateway) -> None:
    counted = await gateway.gql(COUNTS)
    read = await gateway.gql(READ)

    assert totals(counted) == totals(read)
    assert not [c for c in calls(counted, "xandr") if c["path"].endswith("/item")]
    assert len([c for c in calls(read, "xandr") if c["path"].endswith("/item")]) == 6


async def test_work_items_with_their_lists_item_counts_cost_no_call_per_list(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(LINKED, {"ids": ["retail-modular", "ctv-modular"]})

    assert "errors" not in body
    lists = [
        item["resource"]
        for item in body["data"]["workItems"]["items"]
        if item["resource"] is not None and "items" in item["resource"]
    ]
    assert lists
    assert not [c for c in calls(body, "xandr") if c["path"].endswith("/item")]
