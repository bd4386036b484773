"""Writing lists and items: refusals as userErrors, chunked item uploads, immutable type."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls, gid
from tests.xandr.helpers import api_calls

CREATE = """
mutation ($input: CreateInventoryListInput!) {
  createInventoryList(input: $input) {
    inventoryList { id upstreamId uiId name type advertiserId requiredForAll domainCount }
    userErrors { field message code }
  }
}
"""
UPDATE = """
mutation ($input: UpdateInventoryListInput!) {
  updateInventoryList(input: $input) {
    inventoryList { upstreamId name description type advertiserId }
    userErrors { field message code }
  }
}
"""
DELETE = """
mutation ($id: ID!) {
  deleteInventoryList(input: {id: $id}) { deletedId userErrors { field code } }
}
"""
ADD = """
mutation ($id: ID!, $items: [InventoryListItemInput!]!) {
  addInventoryListItems(input: {inventoryListId: $id, items: $items}) {
    addedItems { id upstreamId url inventoryUrl auditStatus }
    notAddedUrls
    userErrors { field message code }
  }
}
"""
REMOVE = """
mutation ($id: ID!, $ids: [ID!]!) {
  removeInventoryListItems(input: {inventoryListId: $id, itemIds: $ids}) {
    removedIds notFoundIds userErrors { field code }
  }
}
"""
UPDATE_ITEM = """
mutation ($id: ID!, $children: Boolean!) {
  updateInventoryListItem(input: {id: $id, includeChildren: $children}) {
    inventoryListItem { upstreamId includeChildren }
    userErrors { code }
  }
}
"""
COUNTS = """
query ($id: ID!) { inventoryList(id: $id) { name type domainCount appCount } }
"""


async def create(gw: Gateway, **fields: Any) -> dict[str, Any]:
    data = {"name": "Sandbox test list", "type": "ALLOWLIST"} | fields
    body = await gw.gql(CREATE, {"input": data})
    created: dict[str, Any] = body["data"]["createInventoryList"]
    return created


async def test_a_created_list_can_be_read_back(gateway: Gateway) -> None:
    created = await create(gateway, advertiserId="40", requiredForAll=True)
    new = created["inventoryList"]
    assert created["userErrors"] == []
    assert new["type"] == "ALLOWLIST" and new["advertiserId"] == "40" and new["requiredForAll"]
    assert new["id"] == gid("InventoryList", new["upstreamId"])
    body = await gateway.gql(COUNTS, {"id": new["id"]})
    assert body["data"]["inventoryList"]["name"] == "Sandbox test list"


async def test_a_refused_create_is_a_user_error(gateway: Gateway) -> None:
    created = await create(gateway, name="  ")
    assert created["inventoryList"] is None
    assert created["userErrors"][0]["code"] == "INVALID"
    assert "name" in created["userErrors"][0]["message"]


def list_gid(upstream_id: str) -> str:
    return gid("InventoryList", upstream_id)


async def test_an_unknown_type_is_refused_without_any_upstream_call(gateway: Gateway) -> None:
    body = await gateway.gql(CREATE, {"input": {"name": "Odd", "type": "UNKNOWN"}})

    result = body["data"]["createInventoryList"]
    assert result["inventoryList"] is None
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", "type"], "INVALID")
    ]
    assert calls(body, "xandr") == []


async def test_changing_the_type_is_refused_without_any_upstream_call(gateway: Gateway) -> None:
    body = await gateway.gql(UPDATE, {"input": {"id": list_gid("3900"), "type": "BLOCKLIST"}})
    result = body["data"]["updateInventoryList"]
    assert result["userErrors"] == [
        {
            "field": ["input", "type"],
            "message": "The type of an inventory list cannot be changed",
            "code": "TYPE_IMMUTABLE",
        }
    ]
    assert calls(body, "xandr") == []


async def test_an_update_changes_only_the_given_fields(gateway: Gateway) -> None:
    before = (await gateway.gql(COUNTS, {"id": list_gid("3900")}))["data"]["inventoryList"]
    changes = {"id": list_gid("3900"), "description": "Updated", "advertiserId": None}
    body = await gateway.gql(UPDATE, {"input": changes})
    updated = body["data"]["updateInventoryList"]["inventoryList"]
    assert updated["description"] == "Updated" and updated["advertiserId"] is None
    assert updated["name"] == before["name"] and updated["type"] == before["type"]


async def test_an_update_of_an_unknown_list_is_a_not_found_user_error(gateway: Gateway) -> None:
    body = await gateway.gql(UPDATE, {"input": {"id": list_gid("123"), "name": "x"}})
    assert body["data"]["updateInventoryList"]["userErrors"][0]["code"] == "NOT_FOUND"


async def test_an_update_with_the_api_id_instead_of_the_global_id_is_bad_input(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(UPDATE, {"input": {"id": "3900", "name": "x"}})

    assert body["data"] == {"updateInventoryList": None}
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "argument": "input.id"}
    assert calls(body, "xandr") == []


async def test_a_deleted_list_reads_as_null(gateway: Gateway) -> None:
    deleted = list_gid("3903")
    body = await gateway.gql(DELETE, {"id": deleted})
    assert body["data"]["deleteInventoryList"] == {"deletedId": deleted, "userErrors": []}
    assert (await gateway.gql(COUNTS, {"id": deleted}))["data"]["inventoryList"] is None
    again = await gateway.gql(DELETE, {"id": deleted})
    assert again["data"]["deleteInventoryList"]["userErrors"] == [
        {"field": ["input", "id"], "code": "NOT_FOUND"}
    ]


async def test_2500_items_are_added_in_three_requests(gateway: Gateway) -> None:
    list_id = (await create(gateway))["inventoryList"]["id"]
    items = [{"url": f"https://www.site{n}.example.com/"} for n in range(2500)]
    body = await gateway.gql(ADD, {"id": list_id, "items": items})
    result = body["data"]["addInventoryListItems"]
    assert result["userErrors"] == [] and result["notAddedUrls"] == []
    assert len(result["addedItems"]) == 2500
    assert result["addedItems"][0]["inventoryUrl"] == "site0.example.com"
    posts = [c for c in api_calls(body) if c["method"] == "POST"]
    assert [c["batchSize"] for c in posts] == [1000, 1000, 500]
    counts = (await gateway.gql(COUNTS, {"id": list_id}))["data"]["inventoryList"]
    assert counts["domainCount"] == 2500


async def test_a_refused_chunk_reports_which_items_were_added(gateway: Gateway) -> None:
    list_id = (await create(gateway))["inventoryList"]["id"]
    items = [{"url": f"site{n}.example.com"} for n in range(1500)]
    items[1200] = {"url": "not a domain"}
    body = await gateway.gql(ADD, {"id": list_id, "items": items})
    result = body["data"]["addInventoryListItems"]
    assert len(result["addedItems"]) == 1000
    assert result["notAddedUrls"] == [i["url"] for i in items[1000:]]
    assert result["userErrors"][0]["code"] == "INVALID"
    assert result["userErrors"][0]["field"] is None


async def test_items_are_removed_100_ids_a_request(gateway: Gateway) -> None:
    list_id = (await create(gateway))["inventoryList"]["id"]
    items = [{"url": f"site{n}.example.com"} for n in range(150)]
    added = await gateway.gql(ADD, {"id": list_id, "items": items})
    ids = [i["id"] for i in added["data"]["addInventoryListItems"]["addedItems"]]
    body = await gateway.gql(REMOVE, {"id": list_id, "ids": ids})
    assert body["data"]["removeInventoryListItems"]["removedIds"] == ids
    deletes = [c["batchSize"] for c in api_calls(body) if c["method"] == "DELETE"]
    assert deletes == [100, 50]
    counts = (await gateway.gql(COUNTS, {"id": list_id}))["data"]["inventoryList"]
    assert counts["domainCount"] == 0


async def test_an_item_changes_only_include_children(gateway: Gateway) -> None:
    list_id = (await create(gateway))["inventoryList"]["id"]
    added = await gateway.gql(ADD, {"id": list_id, "items": [{"url": "news.example.com"}]})
    item = added["data"]["addInventoryListItems"]["addedItems"][0]
    variables = {"id": item["id"], "children": True}
    body = await gateway.gql(UPDATE_ITEM, variables)
    assert body["data"]["updateInventoryListItem"]["inventoryListItem"] == {
        "upstreamId": item["upstreamId"],
        "includeChildren": True,
    }
    missing = await gateway.gql(UPDATE_ITEM, variables | {"id": gid("InventoryListItem", "1:1")})
    assert missing["data"]["updateInventoryListItem"]["userErrors"] == [{"code": "NOT_FOUND"}]


async def test_an_item_of_another_list_is_reported_not_found_and_left_alone(
    gateway: Gateway,
) -> None:
    list_id = (await create(gateway))["inventoryList"]["id"]
    added = await gateway.gql(ADD, {"id": list_id, "items": [{"url": "one.example.com"}]})
    real = added["data"]["addInventoryListItems"]["addedItems"][0]["id"]
    elsewhere = gid("InventoryListItem", "3900:1")
    before = await gateway.traffic("xandr")

    body = await gateway.gql(REMOVE, {"id": list_id, "ids": [elsewhere, real]})

    result = body["data"]["removeInventoryListItems"]
    assert (result["removedIds"], result["notFoundIds"]) == ([real], [elsewhere])
    assert result["userErrors"] == []
    # One lookup of the list's own ids and one DELETE: list 3900 is never written.
    paths = (await gateway.traffic("xandr"))["paths"][len(before["paths"]) :]
    assert not any("/3900/" in p for p in paths), paths


async def test_removing_the_same_item_twice_answers_alike_for_any_id_the_list_lacks(
    gateway: Gateway,
) -> None:
    list_id = (await create(gateway))["inventoryList"]["id"]
    added = await gateway.gql(ADD, {"id": list_id, "items": [{"url": "twice.example.com"}]})
    item = added["data"]["addInventoryListItems"]["addedItems"][0]["id"]
    elsewhere = gid("InventoryListItem", "3900:1")

    first = await gateway.gql(REMOVE, {"id": list_id, "ids": [item]})
    again = await gateway.gql(REMOVE, {"id": list_id, "ids": [item, elsewhere]})

    assert first["data"]["removeInventoryListItems"] == {
        "removedIds": [item],
        "notFoundIds": [],
        "userErrors": [],
    }
    assert again["data"]["removeInventoryListItems"] == {
        "removedIds": [],
        "notFoundIds": [item, elsewhere],
        "userErrors": [],
    }
    assert [c["method"] for c in api_calls(again)] == ["GET"]


async def test_an_item_id_of_another_type_is_bad_input_before_any_call(gateway: Gateway) -> None:
    body = await gateway.gql(REMOVE, {"id": list_gid("3900"), "ids": [list_gid("3901")]})

    assert body["data"] == {"removeInventoryListItems": None}
    assert body["errors"][0]["extensions"] == {
        "code": "BAD_USER_INPUT",
        "argument": "input.itemIds.0",
    }
    assert calls(body, "xandr") == []


async def test_removing_reports_only_what_the_list_held(gateway: Gateway) -> None:
    new = (await create(gateway))["inventoryList"]
    urls = [{"url": "kept.example.com"}, {"url": "gone.example.com"}]
    added = await gateway.gql(ADD, {"id": new["id"], "items": urls})
    kept, gone = [i["id"] for i in added["data"]["addInventoryListItems"]["addedItems"]]
    await gateway.gql(REMOVE, {"id": new["id"], "ids": [gone]})
    never = gid("InventoryListItem", f"{new['upstreamId']}:999999")

    body = await gateway.gql(REMOVE, {"id": new["id"], "ids": [kept, gone, never]})

    result = body["data"]["removeInventoryListItems"]
    assert result["removedIds"] == [kept]
    assert result["notFoundIds"] == [gone, never]
    assert result["userErrors"] == []
    deletes = [c["batchSize"] for c in api_calls(body) if c["method"] == "DELETE"]
    assert deletes == [1]


ADVERTISER = "query ($id: ID!) { inventoryList(id: $id) { advertiserId } }"


async def test_an_id_field_that_is_not_an_id_is_refused_and_nothing_is_sent(
    gateway: Gateway,
) -> None:
    before = await gateway.gql(ADVERTISER, {"id": list_gid("3901")})
    assert before["data"]["inventoryList"]["advertiserId"] is not None
    bad = {"id": list_gid("3901"), "advertiserId": "not-a-number", "lineItemId": "-4"}
    new = {"name": "x", "type": "BLOCKLIST", "insertionOrderId": "12ab"}

    updated = await gateway.gql(UPDATE, {"input": bad})
    created = await gateway.gql(CREATE, {"input": new})

    errors = updated["data"]["updateInventoryList"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [
        (["input", "advertiserId"], "INVALID"),
        (["input", "lineItemId"], "INVALID"),
    ]
    refused = created["data"]["createInventoryList"]["userErrors"]
    assert [e["field"] for e in refused] == [["input", "insertionOrderId"]]
    assert api_calls(updated) == [] and api_calls(created) == []
    after = await gateway.gql(ADVERTISER, {"id": list_gid("3901")})
    assert after["data"] == before["data"]


async def test_an_update_that_changes_nothing_is_refused_and_nothing_is_sent(
    gateway: Gateway,
) -> None:
    before = await gateway.traffic("xandr")

    empty = await gateway.gql(UPDATE, {"input": {"id": list_gid("3900")}})
    # null keeps `name` and `requiredForAll` (they cannot be cleared), so this changes nothing.
    keeps = {"id": list_gid("3900"), "name": None, "requiredForAll": None}
    kept = await gateway.gql(UPDATE, {"input": keeps})

    for body in (empty, kept):
        result = body["data"]["updateInventoryList"]
        assert result["inventoryList"] is None
        assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
            (None, "NOTHING_TO_UPDATE")
        ]
    assert (await gateway.traffic("xandr"))["requests"] == before["requests"]


async def test_a_field_given_null_to_clear_it_is_a_change_and_is_sent(gateway: Gateway) -> None:
    body = await gateway.gql(UPDATE, {"input": {"id": list_gid("3900"), "description": None}})

    result = body["data"]["updateInventoryList"]
    assert result["userErrors"] == []
    assert result["inventoryList"]["description"] is None
    assert [c["method"] for c in api_calls(body)] == ["PUT"]


async def test_an_item_given_twice_is_removed_and_reported_once(gateway: Gateway) -> None:
    list_id = (await create(gateway))["inventoryList"]["id"]
    added = await gateway.gql(ADD, {"id": list_id, "items": [{"url": "dup.example.com"}]})
    item = added["data"]["addInventoryListItems"]["addedItems"][0]["id"]

    body = await gateway.gql(REMOVE, {"id": list_id, "ids": [item, item]})

    assert body["data"]["removeInventoryListItems"] == {
        "removedIds": [item],
        "notFoundIds": [],
        "userErrors": [],
    }
    assert [c["batchSize"] for c in api_calls(body) if c["method"] == "DELETE"] == [1]
