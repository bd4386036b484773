"""Failed exchanges become gateway errors with stable codes, naming the upstream."""

from __future__ import annotations

import httpx
import pytest

from gateway.errors import GatewayError, UpstreamBadResponse
from tests.http.helpers import answers, mock_http


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (400, "UPSTREAM_REJECTED"),
        (401, "UPSTREAM_UNAUTHENTICATED"),
        (403, "FORBIDDEN"),
        (404, "NOT_FOUND"),
        (409, "CONFLICT"),
        (422, "UPSTREAM_REJECTED"),
        (429, "UPSTREAM_RATE_LIMITED"),
        (500, "UPSTREAM_UNAVAILABLE"),
        (504, "UPSTREAM_UNAVAILABLE"),
    ],
)
async def test_a_failed_status_maps_to_its_code(status: int, code: str) -> None:
    http, _ = mock_http(answers(httpx.Response(status)), retries=0)

    with pytest.raises(GatewayError) as raised:
        await http.request("GET", "/things")

    assert raised.value.extensions()["code"] == code
    assert raised.value.source == "upstream"


@pytest.mark.parametrize(
    ("failure", "code"),
    [
        (httpx.ConnectError("refused"), "UPSTREAM_UNAVAILABLE"),
        (httpx.ReadTimeout("slow"), "UPSTREAM_TIMEOUT"),
        (httpx.RemoteProtocolError("garbled"), "UPSTREAM_UNAVAILABLE"),
    ],
)
async def test_a_transport_failure_maps_to_its_code(failure: Exception, code: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise failure

    http, _ = mock_http(handler, retries=0)

    with pytest.raises(GatewayError) as raised:
        await http.request("GET", "/things")

    assert raised.value.extensions()["code"] == code


async def test_an_argument_too_long_for_a_url_is_bad_user_input_and_sends_nothing() -> None:
    http, seen = mock_http(answers(httpx.Response(200)))

    with pytest.raises(GatewayError) as raised:
        await http.request("GET", "/things", params={"ids": "x" * 70_000})

    assert raised.value.extensions()["code"] == "BAD_USER_INPUT"
    assert seen == []


async def test_a_source_decoder_reads_errors_inside_a_200() -> None:
    def decode(response: httpx.Response, source: str) -> GatewayError | None:
        if response.json().get("error"):
            return UpstreamBadResponse("said no inside a 200", source=source)
        return None

    http, _ = mock_http(answers(httpx.Response(200, json={"error": "no"})), decode_error=decode)

    with pytest.raises(UpstreamBadResponse):
        await http.request("GET", "/things")


async def test_an_expected_non_2xx_status_is_returned_not_raised() -> None:
    moved = httpx.Response(302, headers={"Location": "/elsewhere"})
    http, _ = mock_http(answers(moved))

    response = await http.request("GET", "/things", ok_statuses=frozenset({302}))

    assert response.status_code == 302
