"""The gateway's credentials towards an upstream: one token fetch shared, one refresh on 401."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from gateway.errors import UpstreamUnauthenticated
from gateway.http import StaticBearer, Token, TokenAuth, bearer
from tests.http.helpers import mock_http


class Issuer:
    """Hands out numbered tokens and accepts only the newest one."""

    def __init__(self) -> None:
        self.issued = 0
        self.presented: list[str | None] = []

    async def fetch(self) -> Token:
        await asyncio.sleep(0)
        self.issued += 1
        return Token(f"token-{self.issued}")

    def handler(self, request: httpx.Request) -> httpx.Response:
        current = f"Bearer token-{self.issued}"
        self.presented.append(request.headers.get("Authorization"))
        return httpx.Response(200 if request.headers.get("Authorization") == current else 401)


async def test_concurrent_requests_share_one_token_fetch() -> None:
    issuer = Issuer()
    http, seen = mock_http(issuer.handler, auth=TokenAuth(issuer.fetch, bearer))

    await asyncio.gather(*(http.request("GET", f"/things/{n}") for n in range(10)))

    assert issuer.issued == 1
    assert len(seen) == 10


async def test_a_refused_token_is_fetched_again_once_and_the_request_sent_again() -> None:
    issuer = Issuer()
    auth = TokenAuth(issuer.fetch, bearer)
    http, _ = mock_http(issuer.handler, auth=auth)
    await http.request("GET", "/things")
    issuer.issued += 1  # the upstream revokes token-1 and would accept token-2 only

    response = await http.request("GET", "/things")

    assert response.status_code == 200
    assert issuer.issued == 3
    assert issuer.presented == [
        "Bearer token-1",
        "Bearer token-1",
        "Bearer token-3",
    ]


async def test_an_unauthenticated_call_carries_no_credentials() -> None:
    issuer = Issuer()
    http, seen = mock_http(
        lambda request: httpx.Response(200), auth=TokenAuth(issuer.fetch, bearer)
    )

    await http.request("POST", "/oauth/token", authenticated=False)

    assert "Authorization" not in seen[0].headers
    assert issuer.issued == 0


def test_a_token_is_renewed_a_little_before_it_expires() -> None:
    assert Token.lasting("t", expires_in=3600).fresh()
    assert Token.lasting("t", expires_in=10, margin_s=30).expires_at is not None
    assert not Token("t", expires_at=0.0).fresh()
    assert Token("t").fresh()


async def test_a_static_key_refused_is_reported_at_once() -> None:
    http, seen = mock_http(lambda request: httpx.Response(401), auth=StaticBearer("key-1"))

    with pytest.raises(UpstreamUnauthenticated):
        await http.request("GET", "/things")

    assert len(seen) == 1
    assert seen[0].headers["Authorization"] == "Bearer key-1"
