"""The client against a login host on another origin (the real topology; the sandbox is one)."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from gateway.errors import UpstreamBadResponse
from gateway.sources.blueworks.client import open_client
from gateway.sources.blueworks.settings import BlueworksSettings

LOGIN = "https://www.blueworks.test"
ACCOUNT = "https://us001.blueworks.test"


async def test_a_redirect_to_the_account_host_keeps_the_bearer_token() -> None:
    seen: list[tuple[str, str | None]] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url.copy_with(query=None)), request.headers.get("authorization")))
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json={"access_token": "t0k", "expires_in": 3600})
        if request.url.host == "www.blueworks.test":
            target = request.url.copy_with(scheme="https", host="us001.blueworks.test")
            return httpx.Response(301, headers={"Location": str(target)})
        return httpx.Response(200, json={"work": [], "more": False, "apps": []})

    settings = BlueworksSettings(base_url=LOGIN, client_id="id", client_secret=SecretStr("secret"))
    client = open_client(settings, httpx.MockTransport(upstream))
    try:
        await client.list_work("demo@example.com", "open", start_from=0, limit=10)
        await client.list_work("demo@example.com", "closed", start_from=0, limit=10)
    finally:
        await client.aclose()
    assert seen == [
        (f"{LOGIN}/oauth/token", None),
        (f"{LOGIN}/scr/api/WorkList", "Bearer t0k"),
        (f"{ACCOUNT}/scr/api/WorkList", "Bearer t0k"),
        (f"{ACCOUNT}/scr/api/WorkList", "Bearer t0k"),
    ]
    assert client.account_base == ACCOUNT


async def test_a_redirect_to_plain_http_is_not_followed() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json={"access_token": "t0k"})
        return httpx.Response(301, headers={"Location": "http://evil.test/scr/api/WorkList"})

    settings = BlueworksSettings(base_url=LOGIN, client_id="id", client_secret=SecretStr("secret"))
    client = open_client(settings, httpx.MockTransport(upstream))
    try:
        with pytest.raises(UpstreamBadResponse):
            await client.list_work("demo@example.com", "open", start_from=0, limit=10)
    finally:
        await client.aclose()
    assert client.account_base is None


async def test_a_redirect_to_another_domain_is_not_followed_and_sends_no_token() -> None:
    hosts: list[str] = []

    def upstream(request: httpx.Request) -> httpx.Response:
        hosts.append(request.url.host)
        if request.url.path.endswith("/oauth/token"):
            return httpx.Response(200, json={"access_token": "t0k"})
        return httpx.Response(301, headers={"Location": "https://us001.evil.test/scr/api/WorkList"})

    settings = BlueworksSettings(base_url=LOGIN, client_id="id", client_secret=SecretStr("secret"))
    client = open_client(settings, httpx.MockTransport(upstream))
    try:
        with pytest.raises(UpstreamBadResponse, match="another domain"):
            await client.list_work("demo@example.com", "open", start_from=0, limit=10)
    finally:
        await client.aclose()
    assert set(hosts) == {"www.blueworks.test"}
    assert client.account_base is None
