"""The runtime budget: past `GATEWAY_MAX_UPSTREAM_CALLS` no call leaves; the rest is answered."""

from __future__ import annotations

from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

FOUR_ITEMS = """
{ catalogItems(upstreamIds: ["asset-0001", "asset-0002", "asset-0003", "asset-0004"]) { id } }
"""


async def test_fields_past_the_budget_fail_and_the_rest_is_answered(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_upstream_calls=3))

    body = await gw.gql(FOUR_ITEMS)

    items = body["data"]["catalogItems"]
    assert sum(item is not None for item in items) == 3
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_CALL_BUDGET_EXCEEDED"
    assert error["extensions"]["source"] == "vionlabs"
    assert error["extensions"]["limit"] == {"name": "upstreamCalls", "max": 3, "found": 3}
    assert error["path"] == ["catalogItems", items.index(None)]
    assert len(calls(body, "vionlabs")) == 3


async def test_one_budget_spans_a_batch(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_upstream_calls=3, max_batch_operations=2))
    one = '{ catalogItems(upstreamIds: ["asset-0001", "asset-0002"]) { id } }'
    other = '{ catalogItems(upstreamIds: ["asset-0003", "asset-0004"]) { id } }'

    response = await gw.http.post("/graphql", json=[{"query": one}, {"query": other}])

    answers = response.json()
    found = [item for a in answers for item in a["data"]["catalogItems"] if item is not None]
    assert len(found) == 3
    codes = [e["extensions"]["code"] for a in answers for e in a.get("errors", [])]
    assert codes == ["UPSTREAM_CALL_BUDGET_EXCEEDED"]
