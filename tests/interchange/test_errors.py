"""Interchange's error envelope mapped to the gateway's codes, the rate limit, both body shapes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.sources.interchange.errors import decode_error
from tests.conftest import Gateway, calls
from tests.interchange.helpers import SOURCES, sandbox_mode, work_item_id

WORK_ITEM = """
query WorkItem($id: ID!) {
  workItem(id: $id) { upstreamId status events { eventType } }
}
"""

WORK_ITEMS = """
query WorkItems($sourceIds: [ID!]!) {
  workItems(sourceIds: $sourceIds, first: 3) {
    returnedCount items { upstreamId }
    sources { sourceId ok errorCode totalCount }
  }
}
"""

COMPLETE = """
mutation Complete($id: ID!) {
  completeWorkItem(input: {id: $id, result: {decision: "ok"}}) {
    workItem { status }
    userErrors { code }
  }
}
"""


def envelope(code: str, **extra: Any) -> dict[str, Any]:
    return {"data": None, "error": {"code": code, "message": "refused", **extra}}


@pytest.mark.parametrize(
    ("status", "upstream_code", "code"),
    [
        (401, "UNAUTHORIZED", "UPSTREAM_UNAUTHENTICATED"),
        (400, "VALIDATION_ERROR", "UPSTREAM_REJECTED"),
        (422, "VALIDATION_ERROR", "UPSTREAM_REJECTED"),
        (400, "BAD_REQUEST", "UPSTREAM_REJECTED"),
        (404, "NOT_FOUND", "NOT_FOUND"),
        (409, "CONFLICT", "CONFLICT"),
        (429, "RATE_LIMITED", "UPSTREAM_RATE_LIMITED"),
        (403, "FORBIDDEN", "FORBIDDEN"),
        (403, "ACCESS_DENIED", "FORBIDDEN"),
        (403, "TOS_ACCEPTANCE_REQUIRED", "TOS_ACCEPTANCE_REQUIRED"),
        (500, "INTERNAL_ERROR", "UPSTREAM_UNAVAILABLE"),
        (501, "NOT_IMPLEMENTED", "UPSTREAM_NOT_IMPLEMENTED"),
        (503, "SERVICE_UNAVAILABLE", "UPSTREAM_UNAVAILABLE"),
        (418, "SOMETHING_NEW", "UPSTREAM_REJECTED"),
    ],
)
def test_every_envelope_error_code_maps_to_a_gateway_code(
    status: int, upstream_code: str, code: str
) -> None:
    error = decode_error(httpx.Response(status, json=envelope(upstream_code)), "interchange")
    assert error is not None
    assert error.extensions()["code"] == code
    assert error.extensions()["upstreamCode"] == upstream_code
    assert error.extensions()["source"] == "interchange"


def test_a_validation_error_names_its_field_and_issues() -> None:
    issues = {"issues": [{"path": ["result", "decision"], "message": "required"}]}
    body = envelope("VALIDATION_ERROR", field="result", details=issues)
    error = decode_error(httpx.Response(400, json=body), "interchange")
    assert error is not None
    assert error.extensions()["problems"] == [
        {"field": "result.decision", "message": "required", "code": "VALIDATION_ERROR"}
    ]


def test_a_rate_limit_answer_carries_the_retry_delay_from_its_headers() -> None:
    for headers in ({"Retry-After": "42"}, {"RateLimit-Reset": "42"}):
        response = httpx.Response(429, json=envelope("RATE_LIMITED"), headers=headers)
        error = decode_error(response, "interchange")
        assert error is not None
        assert error.extensions()["retryAfter"] == 42.0


def test_an_error_inside_a_2xx_envelope_is_still_an_error() -> None:
    error = decode_error(httpx.Response(200, json=envelope("INTERNAL_ERROR")), "interchange")
    assert error is not None
    assert error.extensions()["code"] == "UPSTREAM_UNAVAILABLE"


def test_successful_bodies_in_either_shape_are_not_errors() -> None:
    for body in ({"data": {"items": [], "total": 0}, "error": None}, {"items": [], "total": 0}):
        assert decode_error(httpx.Response(200, json=body), "interchange") is None


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (401, "UPSTREAM_UNAUTHENTICATED"),
        (403, "FORBIDDEN"),
        (429, "UPSTREAM_RATE_LIMITED"),
        (500, "UPSTREAM_UNAVAILABLE"),
        (501, "UPSTREAM_NOT_IMPLEMENTED"),
        (503, "UPSTREAM_UNAVAILABLE"),
    ],
)
async def test_upstream_failures_reach_the_caller_with_a_code_and_the_source(
    gateway: Gateway, status: int, code: str
) -> None:
    await gateway.fault("interchange", status=status, retry_after_s=30)
    body = await gateway.gql(WORK_ITEM, {"id": work_item_id("retail-modular", "wi_10000")})
    assert body["data"]["workItem"] is None
    extensions = body["errors"][0]["extensions"]
    assert extensions["code"] == code
    assert extensions["source"] == "interchange"
    if status == 429:
        assert extensions["retryAfter"] == 30


async def test_the_rate_limit_fails_only_the_sources_beyond_it_until_the_window_resets(
    gateway: Gateway,
) -> None:
    await sandbox_mode(gateway, rateLimitPerMinute=4)
    await gateway.gql(WORK_ITEMS, {"sourceIds": SOURCES})
    limited = await gateway.gql(WORK_ITEMS, {"sourceIds": SOURCES})
    codes = sorted(str(s["errorCode"]) for s in limited["data"]["workItems"]["sources"])
    assert codes == ["None", "UPSTREAM_RATE_LIMITED", "UPSTREAM_RATE_LIMITED"]
    retry_after = [e["extensions"]["retryAfter"] for e in limited["errors"]]
    assert all(0 < r <= 60 for r in retry_after)
    await gateway.advance_clock(61)
    recovered = await gateway.gql(WORK_ITEMS, {"sourceIds": SOURCES})
    assert all(s["ok"] for s in recovered["data"]["workItems"]["sources"])


async def test_bare_payloads_without_the_envelope_are_read_as_well(gateway: Gateway) -> None:
    await sandbox_mode(gateway, envelope=False)
    listed = await gateway.gql(WORK_ITEMS, {"sourceIds": SOURCES})
    assert listed["data"]["workItems"]["returnedCount"] == 3
    detail = await gateway.gql(WORK_ITEM, {"id": work_item_id("retail-modular", "wi_10000")})
    assert detail["data"]["workItem"]["events"]
    done = await gateway.gql(COMPLETE, {"id": work_item_id("retail-modular", "wi_10000")})
    assert done["data"]["completeWorkItem"]["workItem"]["status"] == "COMPLETED"
    assert "errors" not in listed and "errors" not in detail and "errors" not in done
    assert len(calls(done, "interchange")) == 3
