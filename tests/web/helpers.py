"""What the GraphQL-over-HTTP tests share: the sandbox's request count and refusal checks."""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import Gateway

GRAPHQL_RESPONSE = "application/graphql-response+json"
SEND_TASK = '{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }'


async def upstream_requests(gw: Gateway) -> int:
    """Requests every simulator has served so far (the sandbox's own counter)."""
    stats: dict[str, dict[str, Any]] = (await gw.http.get("/sandbox/_stats")).json()
    return sum(int(source["requests"]) for source in stats.values())


def refusal(response: httpx.Response, status: int, code: str = "BAD_REQUEST") -> dict[str, Any]:
    """The one error of a refused request, after checking its status and GraphQL shape."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(("application/json", GRAPHQL_RESPONSE))
    body = response.json()
    assert "data" not in body
    (error,) = body["errors"]
    assert error["extensions"]["code"] == code, error
    assert isinstance(error["message"], str) and "\n" not in error["message"]
    return dict(error)
