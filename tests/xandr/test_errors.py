"""Xandr's errors are read by `error_id`, whatever the HTTP status says."""

from __future__ import annotations

import pytest

from gateway.sources.xandr.settings import XandrSettings
from tests.conftest import Gateway, MakeGateway, gid, sandbox_settings
from tests.xandr.helpers import api_calls, logins, script_error

LIST_NAME = """
query ($id: ID!) { inventoryList(id: $id) { name } }
"""
LIST_3900 = {"id": gid("InventoryList", "3900")}


@pytest.fixture
async def gw(make_gateway: MakeGateway) -> Gateway:
    """No retries, so each scripted error is answered exactly once."""
    gateway: Gateway = await make_gateway(sandbox_settings(xandr=XandrSettings(retries=0)))
    return gateway


@pytest.mark.parametrize(
    ("error_id", "status", "code"),
    [
        ("NOAUTH_DISABLED", 401, "UPSTREAM_ACCOUNT_DISABLED"),
        ("NOAUTH_EXPIRED", 401, "UPSTREAM_PASSWORD_EXPIRED"),
        ("UNAUTH", 403, "FORBIDDEN"),
        ("SYNTAX", 400, "UPSTREAM_REJECTED"),
        ("INTEGRITY", 400, "CONFLICT"),
        ("LIMIT", 400, "UPSTREAM_LIMIT_REACHED"),
        ("SYSTEM", 500, "UPSTREAM_UNAVAILABLE"),
        # Statuses are undocumented: the error_id decides even when they disagree.
        ("INTEGRITY", 500, "CONFLICT"),
        ("UNAUTH", 200, "FORBIDDEN"),
        ("SYNTAX", 200, "UPSTREAM_REJECTED"),
    ],
)
async def test_each_error_id_maps_to_its_own_code(
    gw: Gateway, error_id: str, status: int, code: str
) -> None:
    await script_error(gw, error_id, status)
    body = await gw.gql(LIST_NAME, LIST_3900)
    assert body["data"]["inventoryList"] is None
    assert body["errors"][0]["extensions"]["code"] == code
    assert body["errors"][0]["extensions"]["source"] == "xandr"
    assert [c["status"] for c in api_calls(body)] == [status]


async def test_noauth_after_a_fresh_login_is_reported_after_one_retry(gw: Gateway) -> None:
    await script_error(gw, "NOAUTH", 401, times=5)
    body = await gw.gql(LIST_NAME, LIST_3900)
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAUTHENTICATED"
    assert logins(body) == 2  # the first login, then exactly one renewal
    assert [c["status"] for c in api_calls(body)] == [401, 401]


async def test_an_error_payload_inside_http_200_is_an_error(gw: Gateway) -> None:
    await script_error(gw, "SYSTEM", 200, error_code="CONCURRENCY_EXCEEDED")
    body = await gw.gql(LIST_NAME, LIST_3900)
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_RATE_LIMITED"
    assert [c["status"] for c in api_calls(body)] == [200]


async def test_a_503_with_x_ratelimit_code_is_throttling_with_its_delay(gw: Gateway) -> None:
    headers = {"x-ratelimit-code": "503", "Retry-After": "7"}
    await script_error(gw, "SYSTEM", 503, headers=headers)
    body = await gw.gql(LIST_NAME, LIST_3900)
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_RATE_LIMITED"
    assert body["errors"][0]["extensions"]["retryAfter"] == 7


async def test_a_503_without_x_ratelimit_code_is_an_outage(gw: Gateway) -> None:
    await gw.gql(LIST_NAME, LIST_3900)
    await gw.fault("xandr", status=503, times=1)
    body = await gw.gql(LIST_NAME, LIST_3900)
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"


async def test_a_faulted_429_becomes_a_rate_limit_error(gw: Gateway) -> None:
    await gw.gql(LIST_NAME, LIST_3900)
    await gw.fault("xandr", status=429, retry_after_s=30, times=1)
    body = await gw.gql(LIST_NAME, LIST_3900)
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_RATE_LIMITED"
    assert body["errors"][0]["extensions"]["retryAfter"] == 30
