"""Create and deactivate: what Vionlabs refuses comes back as user errors."""

from __future__ import annotations

from tests.conftest import Gateway, calls

CREATE = """
mutation Create($item: ID!, $product: String!, $version: String!, $priority: CatalogTaskPriority) {
  createCatalogTask(
    catalogItemId: $item, product: $product, version: $version, priority: $priority
  ) {
    task { catalogItemId product version status actions { name method } }
    userErrors { field message code }
  }
}
"""

DEACTIVATE = """
mutation Deactivate($item: ID!, $product: String!, $version: String!) {
  deactivateCatalogTask(catalogItemId: $item, product: $product, version: $version) {
    task { statusRaw actions { name method } }
    userErrors { field message code }
  }
}
"""


async def test_a_product_vionlabs_refuses_is_a_user_error_on_the_product_argument(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0002", "product": "dubbing", "version": "1.0"}

    body = await gateway.gql(CREATE, variables)

    result = body["data"]["createCatalogTask"]
    assert result["task"] is None
    [error] = result["userErrors"]
    assert error["field"] == ["product"]
    assert error["code"] == "ENUM"
    assert "adbreaks" in error["message"]


async def test_creating_a_task_twice_returns_the_unfinished_task_and_never_retries(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0002", "product": "nudity", "version": "2.4.1", "priority": "HIGH"}
    first = await gateway.gql(CREATE, variables)
    await gateway.fault("vionlabs", status=503, times=1)

    failed = await gateway.gql(CREATE, variables)
    second = await gateway.gql(CREATE, variables)

    task = first["data"]["createCatalogTask"]["task"]
    assert (task["catalogItemId"], task["product"], task["version"], task["status"]) == (
        "asset-0002",
        "nudity",
        "2.4.1",
        "PENDING",
    )
    assert failed["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert len(calls(failed, "vionlabs")) == 1
    assert second["data"]["createCatalogTask"]["task"] == task


async def test_deactivating_returns_the_task_and_a_second_deactivation_is_not_found(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0003", "product": "semantic", "version": "1.0.1"}
    await gateway.gql(CREATE, variables)

    first = (await gateway.gql(DEACTIVATE, variables))["data"]["deactivateCatalogTask"]
    second = (await gateway.gql(DEACTIVATE, variables))["data"]["deactivateCatalogTask"]

    assert first["userErrors"] == []
    assert first["task"]["statusRaw"] == "deactivated"
    assert {(a["name"], a["method"]) for a in first["task"]["actions"]} == {
        ("self", "GET"),
        ("create", "POST"),
    }
    assert second["task"] is None
    [error] = second["userErrors"]
    assert (error["field"], error["code"]) == (None, "NOT_FOUND")


async def test_a_task_for_an_unknown_item_is_a_not_found_user_error(gateway: Gateway) -> None:
    variables = {"item": "no-such-asset", "product": "markers", "version": "1.0"}

    body = await gateway.gql(CREATE, variables)

    [error] = body["data"]["createCatalogTask"]["userErrors"]
    assert error["code"] == "NOT_FOUND"
    assert "no-such-asset" in error["message"]


async def test_a_version_that_is_a_dot_segment_is_refused_before_any_call(
    gateway: Gateway,
) -> None:
    variables = {"item": "asset-0002", "product": "markers", "version": ".."}

    body = await gateway.gql(CREATE, variables)

    [error] = body["data"]["createCatalogTask"]["userErrors"]
    assert error["field"] == ["version"]
    assert calls(body, "vionlabs") == []
