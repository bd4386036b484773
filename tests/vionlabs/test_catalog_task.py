"""Single catalog tasks: from the item list when loaded, else the task endpoint; lifecycle."""

from __future__ import annotations

from tests.conftest import Gateway, calls

TASK_FIELDS = "id catalogItemId product version status statusRaw error actions { name method }"

TASK = f"""
query Task($item: ID!, $product: String!, $version: String!) {{
  catalogTask(catalogItemId: $item, product: $product, version: $version) {{ {TASK_FIELDS} }}
}}
"""

TASK_AND_ITEM = f"""
query Both($item: ID!, $product: String!, $version: String!) {{
  catalogTask(catalogItemId: $item, product: $product, version: $version) {{ {TASK_FIELDS} }}
  catalogItem(id: $item) {{ tasks {{ product version statusRaw }} }}
}}
"""

NODE = f"""
query Node($id: ID!) {{ node(id: $id) {{ ... on CatalogTask {{ {TASK_FIELDS} }} }} }}
"""

CREATE = """
mutation Create($item: ID!, $product: String!, $version: String!) {
  createCatalogTask(catalogItemId: $item, product: $product, version: $version) {
    task { status statusRaw error actions { name method } }
    userErrors { field message code }
  }
}
"""


async def test_a_task_of_an_item_loaded_in_the_same_request_costs_no_extra_call(
    gateway: Gateway,
) -> None:
    # The task field comes first in the query and is still answered from the item's list.
    variables = {"item": "asset-0001", "product": "fingerprint", "version": "3.1.4"}

    body = await gateway.gql(TASK_AND_ITEM, variables)

    assert "errors" not in body
    assert body["data"]["catalogTask"]["statusRaw"] == "queued"
    assert [c["path"] for c in calls(body, "vionlabs")] == [
        "/vionlabs/tasks/catalog-item/asset-0001"
    ]


async def test_a_task_alone_is_read_from_the_task_endpoint_with_its_actions(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0001", "product": "fingerprint", "version": "3.1.4"}

    body = await gateway.gql(TASK, variables)

    task = body["data"]["catalogTask"]
    assert task["statusRaw"] == "queued" and task["status"] == "UNKNOWN"
    assert {(a["name"], a["method"]) for a in task["actions"]} == {
        ("self", "GET"),
        ("deactivate", "DELETE"),
    }
    assert [c["path"] for c in calls(body, "vionlabs")] == [
        "/vionlabs/tasks/catalog-item/asset-0001/product/fingerprint/version/3.1.4"
    ]


async def test_a_missing_task_or_item_is_null(gateway: Gateway) -> None:
    for item in ("asset-0001", "no-such-asset"):
        variables = {"item": item, "product": "adbreaks", "version": "99.0"}
        body = await gateway.gql(TASK, variables)
        assert "errors" not in body
        assert body["data"]["catalogTask"] is None


async def test_a_task_is_refetched_by_its_global_id(gateway: Gateway) -> None:
    variables = {"item": "asset-0001", "product": "fingerprint", "version": "3.1.4"}
    task = (await gateway.gql(TASK, variables))["data"]["catalogTask"]

    body = await gateway.gql(NODE, {"id": task["id"]})

    assert body["data"]["node"] == task


async def test_a_new_task_moves_from_pending_to_processing_to_a_final_status(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0005", "product": "markers", "version": "1.0.1"}
    created = (await gateway.gql(CREATE, variables))["data"]["createCatalogTask"]
    assert created["userErrors"] == []
    assert created["task"]["status"] == "PENDING"

    await gateway.advance_clock(90)
    processing = (await gateway.gql(TASK, variables))["data"]["catalogTask"]
    await gateway.advance_clock(600)
    final = (await gateway.gql(TASK, variables))["data"]["catalogTask"]

    assert processing["status"] == "PROCESSING"
    assert final["status"] in ("DONE", "FAILED")
    assert (final["error"] is not None) == (final["status"] == "FAILED")
    assert ("create", "POST") in {(a["name"], a["method"]) for a in final["actions"]}
