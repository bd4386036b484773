"""The transport under every upstream client: aiohttp's connection pool behind httpx's API.

httpcore (httpx's own pool) spends most of an upstream call's CPU on its anyio locks, cancel
scopes and socket checks; aiohttp's pool does the same work in about half of it (issue 15,
bench/RESULTS.md). The clients keep httpx's API (auth flows, MockTransport and ASGITransport in
tests). No cookie is kept: the gateway authenticates every call itself, and a session cookie
from one caller's call must never ride along on another's.
"""

from __future__ import annotations

import asyncio

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from gateway.http.settings import UpstreamSettings

_TIMEOUTS = (asyncio.TimeoutError, aiohttp.ServerTimeoutError, aiohttp.ConnectionTimeoutError)


class UpstreamTransport(AiohttpTransport):
    """`httpx_aiohttp`'s transport, telling a refused or dropped connection from a timeout.

    It maps every `aiohttp.ClientConnectionError` (a refused connection, a server hanging up)
    to `httpx.ConnectTimeout`; the gateway reports those as unavailable, not slow.
    """

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            return await super().handle_async_request(request)
        except httpx.ConnectTimeout as exc:
            if isinstance(exc.__cause__, _TIMEOUTS):
                raise
            raise httpx.ConnectError(str(exc), request=request) from exc.__cause__


def upstream_transport(settings: UpstreamSettings) -> httpx.AsyncBaseTransport:
    def session() -> aiohttp.ClientSession:
        # Made on the first call, inside the running event loop, as aiohttp requires.
        limit, tls = settings.max_connections, httpx.create_ssl_context()
        if settings.keepalive_s:
            connector = aiohttp.TCPConnector(
                limit=limit, ssl=tls, keepalive_timeout=settings.keepalive_s
            )
        else:
            connector = aiohttp.TCPConnector(limit=limit, ssl=tls, force_close=True)
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    return UpstreamTransport(client=session)


class _NoCookies(httpx.Cookies):
    """A jar that never keeps a cookie, so nothing is read from or added to any call."""

    def extract_cookies(self, response: httpx.Response) -> None:
        return


class UpstreamClient(httpx.AsyncClient):
    """httpx's client without its cookie jar: no upstream session cookie is ever kept.

    The gateway authenticates every call itself; a cookie one caller's call set must never ride
    along on another's (and reading every response's `Set-Cookie` into a jar costs CPU).
    """

    @property
    def cookies(self) -> httpx.Cookies:
        return _NO_COOKIES

    @cookies.setter
    def cookies(self, cookies: object) -> None:
        return


_NO_COOKIES = _NoCookies()
