"""Single catalog tasks: from the item list when loaded, else the task endpoint; lifecycle."""

from __future__ import annotations

from tests.conftest import Gateway, calls, gid

TASK_FIELDS = (
    "id catalogItem { upstreamId } product version status statusRaw error actions { name method }"
)

TASK = f"""
query Task($id: ID!) {{ catalogTask(id: $id) {{ {TASK_FIELDS} }} }}
"""

TASK_AND_ITEM = f"""
query Both($id: ID!, $item: ID!) {{
  catalogTask(id: $id) {{ {TASK_FIELDS} }}
  catalogItem(id: $item) {{ tasks {{ product version statusRaw }} }}
}}
"""

NODE = f"""
query Node($id: ID!) {{ node(id: $id) {{ ... on CatalogTask {{ {TASK_FIELDS} }} }} }}
"""

CREATE = """
mutation Create($item: ID!, $product: CatalogProduct!, $version: String!) {
  createCatalogTask(
    input: {catalogItemUpstreamId: $item, product: $product, version: $version}
  ) {
    catalogTask { status statusRaw error actions { name method } }
    userErrors { field message code }
  }
}
"""


def task_id(item: str, product: str, version: str) -> str:
    """A task's global id: its key is the item, product and version (percent-encoded)."""
    return gid("CatalogTask", f"{item}|{product}|{version}")


async def test_a_task_of_an_item_loaded_in_the_same_request_costs_no_extra_call(
    gateway: Gateway,
) -> None:
    # The task field comes first in the query and is still answered from the item's list.
    variables = {
        "id": task_id("asset-0001", "fingerprint", "3.1.4"),
        "item": gid("CatalogItem", "asset-0001"),
    }

    body = await gateway.gql(TASK_AND_ITEM, variables)

    assert "errors" not in body
    assert body["data"]["catalogTask"]["statusRaw"] == "queued"
    assert [c["path"] for c in calls(body, "vionlabs")] == [
        "/vionlabs/tasks/catalog-item/asset-0001"
    ]


async def test_a_task_alone_is_read_from_the_task_endpoint_with_its_actions(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(TASK, {"id": task_id("asset-0001", "fingerprint", "3.1.4")})

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
        body = await gateway.gql(TASK, {"id": task_id(item, "adbreaks", "99.0")})
        assert "errors" not in body
        assert body["data"]["catalogTask"] is None


async def test_a_task_is_refetched_by_its_global_id(gateway: Gateway) -> None:
    item = await gateway.gql(
        "query I($id: ID!) { catalogItem(id: $id) { tasks { id product version } } }",
        {"id": gid("CatalogItem", "asset-0001")},
    )
    first = item["data"]["catalogItem"]["tasks"][0]

    by_lookup = (await gateway.gql(TASK, {"id": first["id"]}))["data"]["catalogTask"]
    by_node = (await gateway.gql(NODE, {"id": first["id"]}))["data"]["node"]

    assert by_lookup == by_node
    assert (by_lookup["id"], by_lookup["product"], by_lookup["version"]) == (
        first["id"],
        first["product"],
        first["version"],
    )


async def test_a_new_task_moves_from_pending_to_processing_to_a_final_status(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0005", "product": "MARKERS", "version": "1.0.1"}
    created = (await gateway.gql(CREATE, variables))["data"]["createCatalogTask"]
    assert created["userErrors"] == []
    assert created["catalogTask"]["status"] == "PENDING"
    by_id = {"id": task_id("asset-0005", "markers", "1.0.1")}

    await gateway.advance_clock(90)
    processing = (await gateway.gql(TASK, by_id))["data"]["catalogTask"]
    await gateway.advance_clock(600)
    final = (await gateway.gql(TASK, by_id))["data"]["catalogTask"]

    assert processing["status"] == "PROCESSING"
    assert final["status"] in ("DONE", "FAILED")
    assert (final["error"] is not None) == (final["status"] == "FAILED")
    assert ("create", "POST") in {(a["name"], a["method"]) for a in final["actions"]}
