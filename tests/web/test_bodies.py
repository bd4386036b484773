"""Hostile bodies are refused with a 400 (or 413/415) GraphQL error, never a 500, and no call."""

from __future__ import annotations

import gzip
import json
from collections.abc import AsyncIterator

import pytest

from tests.conftest import Gateway, MakeGateway, sandbox_settings
from tests.web.helpers import SEND_TASK, refusal, upstream_requests

JSON = {"content-type": "application/json"}

HOSTILE_BODIES = {
    "a JSON string": b'"{ sendTask(id: \\"5001\\") { id } }"',
    "a JSON number": b"42",
    "invalid UTF-8": b'{"query": "{ sendTask(id: \\"5001\\") { id } }", "x": "\xff\xfe"}',
    "unreadable JSON": b'{"query": "{ __typename }"',
    "a 5,000-digit number": b'{"query": "{ __typename }", "variables": {"n": '
    + b"9" * 5000
    + b"}}",
    "variables nested 100,000 deep": b'{"query": "{ __typename }", "variables": {"v": '
    + b"[" * 100_000
    + b"]" * 100_000
    + b"}}",
    "variables nested 40 deep": b'{"query": "{ __typename }", "variables": {"v": '
    + b"[" * 40
    + b"]" * 40
    + b"}}",
    "a query that is not a string": b'{"query": ["{ __typename }"]}',
    "variables that are a list": b'{"query": "{ __typename }", "variables": [1]}',
    "an operation name that is a number": b'{"query": "{ __typename }", "operationName": 1}',
    "a batch while batching is off": b'[{"query": "{ __typename }"}]',
    "no query at all": b"{}",
}


@pytest.mark.parametrize("body", HOSTILE_BODIES.values(), ids=HOSTILE_BODIES.keys())
async def test_a_hostile_body_is_a_400_with_a_graphql_error(gateway: Gateway, body: bytes) -> None:
    before = await upstream_requests(gateway)

    response = await gateway.http.post("/graphql", content=body, headers=JSON)

    error = refusal(response, 400)
    assert len(error["message"]) < 200
    assert await upstream_requests(gateway) == before


async def test_too_many_variable_values_are_refused_naming_the_limit(gateway: Gateway) -> None:
    ids = [str(i) for i in range(60_000)]

    response = await gateway.http.post(
        "/graphql",
        json={
            "query": "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            "variables": {"ids": ids},
        },
    )

    error = refusal(response, 400)
    assert error["extensions"]["limit"]["name"] == "variableValues"


async def test_a_declared_oversized_body_is_refused_before_it_is_read(gateway: Gateway) -> None:
    before = await upstream_requests(gateway)
    body = b'{"query": "{ __typename }", "pad": "' + b"x" * (2 * 1024 * 1024) + b'"}'

    response = await gateway.http.post("/graphql", content=body, headers=JSON)

    error = refusal(response, 413)
    assert error["extensions"]["limit"] == {
        "name": "bodyBytes",
        "max": 1024 * 1024,
        "found": len(body),
    }
    assert await upstream_requests(gateway) == before


async def test_a_streamed_oversized_body_is_refused_while_it_is_read(gateway: Gateway) -> None:
    sent = 0

    async def sixteen_mebibytes() -> AsyncIterator[bytes]:
        nonlocal sent
        yield b'{"query": "{ __typename }", "pad": "'
        for _ in range(256):
            sent += 1
            yield b"x" * 65_536
        yield b'"}'

    response = await gateway.http.post("/graphql", content=sixteen_mebibytes(), headers=JSON)

    refusal(response, 413)
    # Refused once past 1 MiB: the rest of the 16 MiB was never read.
    assert sent <= 17


async def test_a_body_that_is_not_json_by_content_type_is_a_415(gateway: Gateway) -> None:
    response = await gateway.http.post(
        "/graphql", content=SEND_TASK, headers={"content-type": "application/graphql"}
    )

    refusal(response, 415)
    assert response.headers["accept-post"] == "application/json"


async def test_a_compressed_body_is_a_415_saying_so_not_invalid_utf8(gateway: Gateway) -> None:
    headers = JSON | {"content-encoding": "gzip"}
    body = gzip.compress(json.dumps({"query": SEND_TASK}).encode())
    response = await gateway.http.post("/graphql", content=body, headers=headers)

    assert "Content-Encoding gzip" in refusal(response, 415)["message"]
    assert response.headers["accept-encoding"] == "identity"


async def test_a_body_limit_can_be_lowered(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_body_bytes=2048))
    variables = {"s": "y" * 3000}

    response = await gw.http.post(
        "/graphql", json={"query": "query($s: String) { __typename }", "variables": variables}
    )

    assert refusal(response, 413)["extensions"]["limit"]["max"] == 2048
