"""Operations whose estimate passes `GATEWAY_MAX_COST` are refused before any upstream call."""

from __future__ import annotations

from typing import Any

from schema import build_schema
from schema.graph.nodes import lookup_calls
from tests.conftest import Gateway, MakeGateway, calls, gid, sandbox_settings
from tests.web.helpers import GRAPHQL_RESPONSE, upstream_requests

LISTS_WITH_ITEMS = """
{ inventoryLists(first: 200) { edges { node { name
    items(first: 200) { edges { node { url auditStatus } } } } } } }
"""


def unknown_assets(alias: int) -> str:
    return ", ".join(f'"missing-{alias}-{i}"' for i in range(100))


FIVE_BY_HUNDRED = (
    "{ "
    + " ".join(
        f"a{n}: catalogItems(upstreamIds: [{unknown_assets(n)}]) {{ upstreamId }}" for n in range(5)
    )
    + " }"
)


def refused_for_cost(body: dict[str, Any]) -> dict[str, Any]:
    assert "data" not in body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "COST_LIMIT_EXCEEDED", error
    assert calls(body) == []
    return dict(error["extensions"])


async def test_lists_of_lists_are_refused_before_any_call(gateway: Gateway) -> None:
    before = await upstream_requests(gateway)

    extensions = refused_for_cost(await gateway.gql(LISTS_WITH_ITEMS))

    # Two windows of lists, then two windows of items for each of 200 lists.
    assert extensions["cost"]["estimated"] == 2 + 200 * 2
    assert extensions["limit"] == {"name": "cost", "max": 150, "found": 402}
    assert extensions["cost"]["byField"] == {
        "Query.inventoryLists": 2,
        "InventoryList.items": 400,
    }
    assert await upstream_requests(gateway) == before


async def test_aliases_of_per_id_lookups_add_up(gateway: Gateway) -> None:
    before = await upstream_requests(gateway)

    extensions = refused_for_cost(await gateway.gql(FIVE_BY_HUNDRED))

    assert extensions["cost"]["estimated"] == 500
    assert await upstream_requests(gateway) == before


async def test_a_cost_refusal_is_a_400_for_graphql_response_json(gateway: Gateway) -> None:
    response = await gateway.http.post(
        "/graphql", json={"query": LISTS_WITH_ITEMS}, headers={"accept": GRAPHQL_RESPONSE}
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "COST_LIMIT_EXCEEDED"


async def test_the_limit_is_a_setting(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_cost=1000, size=5))

    body = await gw.gql(LISTS_WITH_ITEMS)

    assert "errors" not in body
    assert body["extensions"]["cost"]["estimated"] == 402
    assert body["extensions"]["cost"]["calls"] <= 402


async def test_the_estimate_comes_with_the_debug_header_only(gateway: Gateway) -> None:
    query = "{ sendTasks(first: 3) { edges { node { upstreamId } } } }"

    asked = await gateway.gql(query)
    plain = await gateway.gql(query, debug=False)

    cost = asked["extensions"]["cost"]
    assert cost["max"] == 150
    assert 1 <= cost["calls"] <= cost["estimated"]
    assert "cost" not in plain.get("extensions", {})


async def test_variables_count_in_the_estimate(gateway: Gateway) -> None:
    query = """
    query($n: Int!) {
      inventoryLists(first: $n) { edges { node { items(first: $n) { totalCount } } } }
    }
    """

    small = await gateway.gql(query, {"n": 5})
    large = await gateway.gql(query, {"n": 150})

    assert small["extensions"]["cost"]["estimated"] == 1 + 5
    refused_for_cost(large)


async def test_identical_root_fields_under_aliases_run_once(gateway: Gateway) -> None:
    query = """
    { a: sendTasks(first: 5) { totalCount }
      b: sendTasks(first: 5) { edges { node { upstreamId } } }
      c: sendTasks(first: 6) { totalCount } }
    """

    body = await gateway.gql(query)

    lists = [c for c in calls(body, "limbobeat") if c["path"].endswith("/send-tasks")]
    assert len(lists) == 2
    assert body["data"]["a"]["totalCount"] == body["data"]["c"]["totalCount"]
    assert len(body["data"]["b"]["edges"]) == 5


async def test_a_mutation_asked_twice_runs_twice(gateway: Gateway) -> None:
    task = gid("SendTask", "5001")
    update = f'updateSendTask(input: {{id: "{task}", deliverable: false}}) {{ sendTask {{ id }} }}'

    body = await gateway.gql("mutation { a: " + update + " b: " + update + " }")

    patches = [c for c in calls(body, "limbobeat") if c["method"] == "PATCH"]
    assert len(patches) == 2


def test_every_node_type_declares_what_its_lookup_costs() -> None:
    schema = build_schema()._schema
    node = schema.get_type("Node")
    assert node is not None
    types = {t.name for t in schema.get_possible_types(node)}  # type: ignore[arg-type]

    assert types == set(lookup_calls())


async def test_mutations_declare_their_calls_too(gateway: Gateway) -> None:
    task = gid("SendTask", "5002")
    urls = ", ".join(f'{{url: "site{i}.example.com"}}' for i in range(3))
    mutation = f"""mutation {{
      a: updateSendTask(input: {{id: "{task}", deliverable: false}}) {{
        sendTask {{ upstreamId product {{ name }} }} }}
      b: addInventoryListItems(input: {{inventoryListId: "{gid("InventoryList", "3900")}",
                                         items: [{urls}]}}) {{ addedItems {{ url }} }}
    }}"""

    body = await gateway.gql(mutation)

    cost = body["extensions"]["cost"]
    assert cost["byField"]["Mutation.updateSendTask"] == 1
    assert cost["byField"]["Mutation.addInventoryListItems"] == 1
    assert cost["calls"] <= cost["estimated"]
