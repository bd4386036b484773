"""Xandr's session: one token from `POST /auth`, shared, renewed only after a NOAUTH answer."""

from __future__ import annotations

import time
from collections import deque

import httpx

from gateway.errors import UpstreamRateLimited, UpstreamUnauthenticated
from gateway.http import Token, TokenAuth, UpstreamHTTP
from gateway.sources.xandr.errors import is_noauth
from gateway.sources.xandr.payloads import ResponsePayload
from gateway.sources.xandr.settings import XandrSettings

SOURCE = "xandr"


class LoginBudget:
    """Counts this process's successful logins so it never exceeds Xandr's 10 per 5 minutes."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._logins: deque[float] = deque()

    def check(self) -> None:
        now = time.monotonic()
        while self._logins and now - self._logins[0] >= self.window_s:
            self._logins.popleft()
        if len(self._logins) >= self.limit:
            wait = self.window_s - (now - self._logins[0])
            raise UpstreamRateLimited(
                f"{SOURCE} login limit reached; not logging in again yet",
                source=SOURCE,
                retryAfter=round(wait, 1),
            )

    def spend(self) -> None:
        self._logins.append(time.monotonic())


def session_auth(http: UpstreamHTTP, settings: XandrSettings) -> TokenAuth:
    """`POST /auth` once, share the token, log in again only after a `NOAUTH` answer."""
    budget = LoginBudget(settings.logins_per_window, settings.login_window_s)

    async def fetch() -> Token:
        assert settings.username and settings.password is not None
        budget.check()
        body = {
            "auth": {
                "username": settings.username,
                "password": settings.password.get_secret_value(),
            }
        }
        response = await http.request("POST", "/auth", json=body, authenticated=False)
        envelope = http.parse(ResponsePayload, http.read_json(response)).response
        if not envelope.token:
            raise UpstreamUnauthenticated(f"{SOURCE} answered /auth without a token", source=SOURCE)
        budget.spend()
        # The sliding 2 h expiry cannot be known ahead; re-fetch only when refused (reference).
        return Token(envelope.token)

    return TokenAuth(fetch, raw_token, is_rejected=is_noauth, needs_body=True)


def raw_token(request: httpx.Request, token: str) -> None:
    # The token goes in bare, with no `Bearer` scheme (reference: Authentication).
    request.headers["Authorization"] = token
