"""`X-Request-Id`: the caller's when it is safe, a new one otherwise, always on the response."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Gateway

QUERY = {"query": "{ sendTasks(first: 1) { totalCount } }"}


@pytest.mark.parametrize(
    "sent",
    ["3f2b8c1e-5d4a-4c1b-9e7f-0a1b2c3d4e5f", "01HZX3J8K9", "Root=1-5759e988-bd862e3f", "a" * 128],
)
async def test_a_safe_request_id_is_kept_and_returned(gateway: Gateway, sent: str) -> None:
    response = await gateway.http.post("/graphql", json=QUERY, headers={"x-request-id": sent})

    assert response.headers["x-request-id"] == sent


@pytest.mark.parametrize(
    "sent", ["a" * 129, "two words", "new\\nline", "<script>", 'quote"d', "semi;colon", ""]
)
async def test_an_unsafe_request_id_is_replaced(gateway: Gateway, sent: str) -> None:
    response = await gateway.http.post("/graphql", json=QUERY, headers={"x-request-id": sent})

    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])


async def test_every_response_gets_a_fresh_id_when_none_is_sent(gateway: Gateway) -> None:
    first = await gateway.http.post("/graphql", json=QUERY)
    second = await gateway.http.get("/healthz")

    ids = {first.headers["x-request-id"], second.headers["x-request-id"]}
    assert len(ids) == 2 and all(re.fullmatch(r"[0-9a-f]{32}", i) for i in ids)
