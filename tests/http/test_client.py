"""One upstream's pool: its concurrency bound, its timeout, and reading bodies into models."""

from __future__ import annotations

import asyncio

import httpx
import pytest
from pydantic import BaseModel

from gateway.errors import UpstreamBadResponse, UpstreamTimeout
from tests.http.helpers import answers, mock_http


class ThingPayload(BaseModel):
    id: int
    name: str


async def test_calls_beyond_the_concurrency_bound_wait_for_a_slot() -> None:
    in_flight = 0
    most = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(0.01)
        in_flight -= 1
        return httpx.Response(200)

    http, seen = mock_http(handler, max_concurrency=2)

    await asyncio.gather(*(http.request("GET", f"/things/{i}") for i in range(6)))

    assert len(seen) == 6
    assert most == 2


async def test_an_upstream_slower_than_the_timeout_gives_upstream_timeout() -> None:
    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200)

    http, _ = mock_http(handler, timeout_s=0.05, retries=0)

    with pytest.raises(UpstreamTimeout):
        await http.request("GET", "/things")


async def test_a_body_is_validated_into_its_payload_model() -> None:
    http, _ = mock_http(answers(httpx.Response(200, json={"id": 7, "name": "seven"})))

    response = await http.request("GET", "/things/7")

    assert http.parse(ThingPayload, http.read_json(response)) == ThingPayload(id=7, name="seven")


async def test_a_body_that_is_not_json_is_a_bad_response() -> None:
    http, _ = mock_http(answers(httpx.Response(200, text="<html>oops</html>")))

    response = await http.request("GET", "/things/7")

    with pytest.raises(UpstreamBadResponse, match="not JSON"):
        http.read_json(response)


def test_a_wrong_shape_names_the_fields_but_never_the_values() -> None:
    http, _ = mock_http(answers(httpx.Response(200)))

    with pytest.raises(UpstreamBadResponse) as raised:
        http.parse_as(list[ThingPayload], [{"id": "secret-value", "name": "x"}])

    assert "0.id" in raised.value.message
    assert "secret-value" not in raised.value.message
