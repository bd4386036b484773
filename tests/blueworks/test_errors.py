"""Each upstream status becomes its own `extensions.code` (error bodies are undocumented)."""

from __future__ import annotations

import pytest

from tests.blueworks.helpers import WORK_PAGE, error_code, nodes
from tests.conftest import Gateway

OPEN_PAGE = {"type": "OPEN", "first": 3}


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "UPSTREAM_REJECTED"),
        (401, "UPSTREAM_UNAUTHENTICATED"),
        # Every call refused, the header-less probe too: the Service ID itself is refused.
        (403, "UPSTREAM_CREDENTIALS_REJECTED"),
        (429, "UPSTREAM_RATE_LIMITED"),
        (500, "UPSTREAM_UNAVAILABLE"),
        (503, "UPSTREAM_UNAVAILABLE"),
    ],
)
async def test_an_upstream_status_maps_to_its_error_code(
    gateway: Gateway, status: int, code: str
) -> None:
    nodes(await gateway.gql(WORK_PAGE, OPEN_PAGE))  # token and account host in place
    await gateway.fault("blueworks", status=status, retry_after_s=30, path_prefix="/us001/scr")
    body = await gateway.gql(WORK_PAGE, OPEN_PAGE)
    assert body["data"]["workInstances"] is None
    assert error_code(body) == code
    assert body["errors"][0]["extensions"]["source"] == "blueworks"


async def test_a_rate_limit_reports_when_to_retry(gateway: Gateway) -> None:
    await gateway.fault("blueworks", status=429, retry_after_s=30, times=1)
    body = await gateway.gql(WORK_PAGE, OPEN_PAGE)
    assert body["errors"][0]["extensions"]["retryAfter"] == 30


async def test_a_short_rate_limit_is_waited_out(gateway: Gateway) -> None:
    nodes(await gateway.gql(WORK_PAGE, OPEN_PAGE))
    await gateway.fault("blueworks", status=429, retry_after_s=0, times=1)
    assert len(nodes(await gateway.gql(WORK_PAGE, OPEN_PAGE))) == 3


async def test_refused_credentials_are_reported_as_unauthenticated(gateway: Gateway) -> None:
    await gateway.fault("blueworks", status=401, path_prefix="/oauth/token")
    body = await gateway.gql(WORK_PAGE, OPEN_PAGE)
    assert error_code(body) == "UPSTREAM_UNAUTHENTICATED"
