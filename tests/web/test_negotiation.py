"""`application/graphql-response+json` with the spec's statuses; `application/json` as before."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from tests.conftest import Gateway, gid
from tests.web.helpers import GRAPHQL_RESPONSE, SEND_TASK, refusal, upstream_requests

BAD_VARIABLE = "query($n: Int!) { sendTasks(first: $n) { totalCount } }"
SUBSCRIPTION = 'subscription { sendTaskChanged(ids: ["U2VuZFRhc2s6NTAwMQ=="]) { __typename } }'

REQUEST_ERRORS = {
    "a parse error": ({"query": "{ sendTask(id: "}, "GRAPHQL_PARSE_FAILED"),
    "a validation error": ({"query": "{ sendTask(id: 1) { nope } }"}, "GRAPHQL_VALIDATION_FAILED"),
    "a variable that does not coerce": (
        {"query": BAD_VARIABLE, "variables": {"n": "many"}},
        "BAD_USER_INPUT",
    ),
    "a missing variable": ({"query": BAD_VARIABLE}, "BAD_USER_INPUT"),
    # Neither operation runs: not the first one, which would send data the caller did not pick.
    "several operations and no operationName": (
        {"query": f"query A {SEND_TASK} query B {{ __typename }}"},
        "BAD_REQUEST",
    ),
    "an operationName the document does not hold": (
        {"query": "query A { __typename }", "operationName": "B"},
        "BAD_REQUEST",
    ),
    # A subscription streams (SSE or WebSocket): never a null answer with a masked error.
    "a subscription without a stream": ({"query": SUBSCRIPTION}, "BAD_REQUEST"),
}


async def post(gw: Gateway, body: dict[str, Any], accept: str | None) -> httpx.Response:
    headers = {"accept": accept} if accept is not None else {}
    return await gw.http.post("/graphql", json=body, headers=headers)


@pytest.mark.parametrize(("body", "code"), REQUEST_ERRORS.values(), ids=REQUEST_ERRORS.keys())
async def test_request_errors_are_400_without_data_for_graphql_response_json(
    gateway: Gateway, body: dict[str, Any], code: str
) -> None:
    before = await upstream_requests(gateway)

    response = await post(gateway, body, f"{GRAPHQL_RESPONSE}, application/json;q=0.9")

    assert response.headers["content-type"] == f"{GRAPHQL_RESPONSE}; charset=utf-8"
    refusal(response, 400, code)
    assert await upstream_requests(gateway) == before


@pytest.mark.parametrize(("body", "code"), REQUEST_ERRORS.values(), ids=REQUEST_ERRORS.keys())
async def test_request_errors_are_200_for_application_json(
    gateway: Gateway, body: dict[str, Any], code: str
) -> None:
    response = await post(gateway, body, "application/json")

    assert response.headers["content-type"] == "application/json; charset=utf-8"
    refusal(response, 200, code)


async def test_a_field_error_after_execution_started_is_200_with_data(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", status=503)

    response = await post(gateway, {"query": SEND_TASK}, GRAPHQL_RESPONSE)

    assert response.status_code == 200
    body = response.json()
    assert body["data"] == {"sendTask": None}
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


@pytest.mark.parametrize("accept", [None, "*/*", "application/json", "text/html, */*;q=0.8"])
async def test_older_clients_get_application_json(gateway: Gateway, accept: str | None) -> None:
    response = await post(gateway, {"query": SEND_TASK}, accept)

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json()["data"]["sendTask"]["upstreamId"] == "5001"


async def test_the_preferred_media_type_wins(gateway: Gateway) -> None:
    prefers_json = await post(
        gateway, {"query": SEND_TASK}, f"{GRAPHQL_RESPONSE};q=0.5, application/json"
    )
    prefers_new = await post(gateway, {"query": SEND_TASK}, f"application/json, {GRAPHQL_RESPONSE}")

    assert prefers_json.headers["content-type"].startswith("application/json")
    assert prefers_new.headers["content-type"].startswith(GRAPHQL_RESPONSE)


async def test_a_client_accepting_neither_gets_406_as_graphql_json(gateway: Gateway) -> None:
    response = await post(gateway, {"query": SEND_TASK}, "text/plain")

    refusal(response, 406)


async def test_a_mutation_over_get_is_405_allowing_post(gateway: Gateway) -> None:
    task = gid("SendTask", "5001")
    query = f'mutation {{ updateSendTask(input: {{id: "{task}"}}) {{ sendTask {{ id }} }} }}'
    before = await upstream_requests(gateway)

    response = await gateway.http.get(
        "/graphql", params={"query": query}, headers={"accept": GRAPHQL_RESPONSE}
    )

    refusal(response, 405)
    assert response.headers["allow"] == "POST"
    assert await upstream_requests(gateway) == before


async def test_other_methods_are_405_as_graphql_json(gateway: Gateway) -> None:
    response = await gateway.http.put("/graphql", json={"query": SEND_TASK})

    refusal(response, 405)
    assert set(response.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}


async def test_a_query_over_get_runs(gateway: Gateway) -> None:
    response = await gateway.http.get(
        "/graphql",
        params={
            "query": "query($id: ID!) { sendTask(id: $id) { upstreamId } }",
            "variables": json.dumps({"id": gid("SendTask", "5002")}),
        },
        headers={"accept": GRAPHQL_RESPONSE},
    )

    assert response.status_code == 200
    assert response.json()["data"]["sendTask"]["upstreamId"] == "5002"


async def test_a_get_with_variables_that_are_not_json_is_a_400(gateway: Gateway) -> None:
    response = await gateway.http.get(
        "/graphql", params={"query": SEND_TASK, "variables": "{not json"}
    )

    refusal(response, 400)


async def test_a_subscription_over_get_without_a_stream_says_how_to_subscribe(
    gateway: Gateway,
) -> None:
    response = await gateway.http.get(
        "/graphql", params={"query": SUBSCRIPTION}, headers={"accept": GRAPHQL_RESPONSE}
    )

    error = refusal(response, 400)
    assert "text/event-stream" in error["message"]
