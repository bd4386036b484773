"""The gateway's own credentials towards upstreams (not its callers'): tokens and static keys.

One `TokenAuth` per upstream client: concurrent requests share one token, a missing or
expiring token is fetched by exactly one of them, and a request the upstream rejects as
unauthenticated fetches a new token once and is sent once more. With a `TokenSharing`, "one of
them" means one process of the whole fleet (`gateway.http.token_sharing`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from dataclasses import dataclass

import httpx

from gateway.http import token_sharing
from gateway.http.token_sharing import TokenSharing
from gateway.telemetry import remember


@dataclass(frozen=True)
class Token:
    value: str
    # Monotonic deadline; None when the upstream does not say (re-fetch only when refused).
    expires_at: float | None = None

    @classmethod
    def lasting(cls, value: str, expires_in: float | None, margin_s: float = 30.0) -> Token:
        if expires_in is None:
            return cls(value)
        # Refresh a little early, but never make a short-lived token look already expired.
        margin = min(margin_s, expires_in / 4)
        return cls(value, time.monotonic() + expires_in - margin)

    def fresh(self) -> bool:
        return self.expires_at is None or time.monotonic() < self.expires_at


def is_unauthorized(response: httpx.Response) -> bool:
    return response.status_code == 401


class TokenAuth(httpx.Auth):
    """An `httpx.Auth` over a token fetcher; `apply` decides where the token goes."""

    def __init__(
        self,
        fetch: Callable[[], Awaitable[Token]],
        apply: Callable[[httpx.Request, str], None],
        *,
        is_rejected: Callable[[httpx.Response], bool] = is_unauthorized,
        needs_body: bool = False,
        sharing: TokenSharing | None = None,
    ) -> None:
        self._fetch = fetch
        self._apply = apply
        self._is_rejected = is_rejected
        self._sharing = sharing
        self._lock = asyncio.Lock()
        self._token: Token | None = None
        # The current token exactly as the fleet stored it, to say which one was refused.
        self._stored: bytes | None = None
        # The last token this process fetched itself (not one another process stored).
        self._own: Token | None = None
        # Set when the rejection test reads the body (e.g. Xandr's NOAUTH inside the JSON).
        self.requires_response_body = needs_body

    async def token(self) -> Token:
        token = self._token
        if token is not None and token.fresh():
            return token
        return await self._renew(stale=token)

    async def _renew(self, stale: Token | None) -> Token:
        async with self._lock:
            # Another request may have renewed while this one waited for the lock.
            if self._token is not None and self._token is not stale and self._token.fresh():
                return self._token
            self._token = await self._obtain()
            # From now on no log line shows it, whichever library would write it.
            remember(self._token.value, learned=True)
            return self._token

    async def _obtain(self) -> Token:
        """A token other than the current one: fetched here, or the fleet's if it is shared."""
        if self._sharing is None:
            self._own = await self._fetch()
            return self._own
        fetched: list[Token] = []

        async def fetch() -> token_sharing.Produced:
            fetched.append(await self._fetch())
            return token_sharing.encode(fetched[0].value, fetched[0].expires_at)

        self._stored = await token_sharing.fetch_shared(self._sharing, fetch, stale=self._stored)
        token = Token(*token_sharing.decode(self._stored))
        if fetched:
            self._own = token
        return token

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self.token()
        renewed = 0
        while True:
            self._apply(request, token.value)
            response = yield request
            if self.requires_response_body:
                # httpx reads the body only in its default flow, which this method replaces.
                await response.aread()
            if not self._is_rejected(response):
                return
            # One renewal; a second only when the first brought the fleet's token and that was
            # refused too (stored by another process, then idle past its expiry, say).
            if renewed == 2 or (renewed == 1 and token is self._own):
                return
            token = await self._renew(stale=token)
            renewed += 1


def bearer(request: httpx.Request, token: str) -> None:
    request.headers["Authorization"] = f"Bearer {token}"


class StaticBearer(httpx.Auth):
    """A configured key or token: nothing to fetch or renew, so a 401 is reported at once."""

    def __init__(self, token: str) -> None:
        self._header = f"Bearer {token}"

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = self._header
        yield request
