"""Batches (off by default, bounded when on) share loaders; oversized answers become one error."""

from __future__ import annotations

from tests.conftest import Gateway, MakeGateway, calls, gid, sandbox_settings
from tests.web.helpers import refusal

PRODUCT_OF = 'query { sendTask(id: "%s") { upstreamId product { name } } }'


async def test_a_batch_shares_loaders_so_it_costs_what_one_request_would(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_batch_operations=3))
    batch = [
        {"query": PRODUCT_OF % gid("SendTask", task_id)} for task_id in ("5001", "5002", "5003")
    ]

    response = await gw.http.post("/graphql", json=batch, headers={"x-gateway-debug": "calls"})

    assert response.status_code == 200
    answers = response.json()
    assert [a["data"]["sendTask"]["upstreamId"] for a in answers] == ["5001", "5002", "5003"]
    made = calls(answers[0], "limbobeat")
    lookups = [c for c in made if c["path"].endswith("/send-tasks")]
    assert len(lookups) == 1
    assert lookups[0]["batchSize"] == 3


async def test_a_batch_over_the_bound_is_refused_whole(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_batch_operations=3))

    response = await gw.http.post("/graphql", json=[{"query": "{ __typename }"}] * 4)

    error = refusal(response, 400)
    assert error["extensions"]["limit"] == {"name": "batchOperations", "max": 3, "found": 4}


async def test_one_bad_operation_of_a_batch_leaves_the_others(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_batch_operations=3))
    batch = [
        {"query": "{ sendTask(id: "},
        {"query": PRODUCT_OF % gid("SendTask", "5001")},
        {"nope": 1},
    ]

    response = await gw.http.post("/graphql", json=batch)
    not_objects = await gw.http.post("/graphql", json=[batch[1], 42])

    assert response.status_code == 200
    broken, good, empty = response.json()
    assert broken["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
    assert "data" not in broken
    assert good["data"]["sendTask"]["upstreamId"] == "5001"
    assert empty["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    # A member that is not even an object makes the batch unreadable.
    refusal(not_objects, 400)


async def test_an_answer_over_the_response_limit_is_replaced_by_one_error(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_response_bytes=2048))

    body = await gw.gql("{ sendTasks(first: 50) { edges { node { id title statusRaw } } } }")

    assert body["data"] is None
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "RESPONSE_TOO_LARGE"
    assert error["extensions"]["limit"]["max"] == 2048
    assert error["extensions"]["limit"]["found"] > 2048
