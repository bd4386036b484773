"""Create and deactivate: what Vionlabs refuses comes back as user errors."""

from __future__ import annotations

from tests.conftest import Gateway, calls, gid

CREATE = """
mutation Create(
  $item: ID!, $product: CatalogProduct!, $version: String!, $priority: CatalogTaskPriority
) {
  createCatalogTask(input: {
    catalogItemUpstreamId: $item, product: $product, version: $version, priority: $priority
  }) {
    catalogTask { id catalogItem { upstreamId } product version status actions { name method } }
    userErrors { field message code }
  }
}
"""

DEACTIVATE = """
mutation Deactivate($id: ID!) {
  deactivateCatalogTask(input: {id: $id}) {
    catalogTask { statusRaw status actions { name method } }
    userErrors { field message code }
  }
}
"""


async def test_an_unknown_product_is_a_user_error_on_the_product_before_any_call(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0002", "product": "UNKNOWN", "version": "1.0"}

    body = await gateway.gql(CREATE, variables)

    result = body["data"]["createCatalogTask"]
    assert result["catalogTask"] is None
    [error] = result["userErrors"]
    assert (error["field"], error["code"]) == (["input", "product"], "INVALID")
    assert calls(body, "vionlabs") == []


async def test_deactivating_with_an_id_of_another_type_is_bad_input_before_any_call(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(DEACTIVATE, {"id": gid("CatalogItem", "asset-0002")})

    assert body["data"] == {"deactivateCatalogTask": None}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "input.id"}
    assert calls(body) == []


async def test_creating_a_task_twice_returns_the_unfinished_task_and_never_retries(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0002", "product": "NUDITY", "version": "2.4.1", "priority": "HIGH"}
    first = await gateway.gql(CREATE, variables)
    await gateway.fault("vionlabs", status=503, times=1)

    failed = await gateway.gql(CREATE, variables)
    second = await gateway.gql(CREATE, variables)

    task = first["data"]["createCatalogTask"]["catalogTask"]
    assert (task["catalogItem"], task["product"], task["version"], task["status"]) == (
        {"upstreamId": "asset-0002"},
        "NUDITY",
        "2.4.1",
        "PENDING",
    )
    assert failed["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert len(calls(failed, "vionlabs")) == 1
    assert second["data"]["createCatalogTask"]["catalogTask"] == task


async def test_deactivating_returns_the_task_and_a_second_deactivation_is_not_found(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0003", "product": "SEMANTIC", "version": "1.0.1"}
    created = (await gateway.gql(CREATE, variables))["data"]["createCatalogTask"]
    task = {"id": created["catalogTask"]["id"]}

    first = (await gateway.gql(DEACTIVATE, task))["data"]["deactivateCatalogTask"]
    second = (await gateway.gql(DEACTIVATE, task))["data"]["deactivateCatalogTask"]

    assert first["userErrors"] == []
    assert first["catalogTask"]["statusRaw"] == "deactivated"
    assert first["catalogTask"]["status"] == "DEACTIVATED"
    assert {(a["name"], a["method"]) for a in first["catalogTask"]["actions"]} == {
        ("self", "GET"),
        ("create", "POST"),
    }
    assert second["catalogTask"] is None
    [error] = second["userErrors"]
    assert (error["field"], error["code"]) == (None, "NOT_FOUND")


async def test_a_task_for_an_unknown_item_is_a_not_found_user_error(gateway: Gateway) -> None:
    variables = {"item": "no-such-asset", "product": "MARKERS", "version": "1.0"}

    body = await gateway.gql(CREATE, variables)

    [error] = body["data"]["createCatalogTask"]["userErrors"]
    assert error["code"] == "NOT_FOUND"
    assert "no-such-asset" in error["message"]


async def test_a_version_that_is_a_dot_segment_is_refused_before_any_call(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0002", "product": "MARKERS", "version": ".."}

    body = await gateway.gql(CREATE, variables)

    [error] = body["data"]["createCatalogTask"]["userErrors"]
    assert error["field"] == ["input", "version"]
    assert calls(body, "vionlabs") == []
