"""Xandr's session: one token from `POST /auth`, shared, renewed only after a NOAUTH answer."""

from __future__ import annotations

import hashlib

import httpx

from gateway.errors import UpstreamRateLimited, UpstreamUnauthenticated
from gateway.http import Token, TokenAuth, TokenSharing, UpstreamHTTP
from gateway.sources.xandr.errors import is_noauth
from gateway.sources.xandr.payloads import ResponsePayload
from gateway.sources.xandr.settings import XandrSettings
from gateway.state import MemoryStore, StateStore

SOURCE = "xandr"


class LoginBudget:
    """Xandr's 10 logins per 5 minutes per API user, counted for every process sharing the store.

    Every attempt is counted, not only the successful ones: a login that timed out here may
    well have succeeded at Xandr, and a lock-out costs far more than a refused retry.
    """

    def __init__(self, store: StateStore, key: str, limit: int, window_s: float) -> None:
        self._store = store
        self._key = key
        self.limit = limit
        self.window_s = window_s

    async def spend(self) -> None:
        admission = await self._store.hit_window(
            self._key, limit=self.limit, window_s=self.window_s
        )
        if not admission.allowed:
            raise UpstreamRateLimited(
                f"{SOURCE} login limit reached; not logging in again yet",
                source=SOURCE,
                retryAfter=round(admission.retry_after_s, 1),
            )

    @classmethod
    def for_user(cls, store: StateStore, settings: XandrSettings) -> LoginBudget:
        # Hashed, like the token's key: Xandr counts per API user, and so does the key.
        user = hashlib.sha256(f"{settings.base_url}|{settings.username}".encode()).hexdigest()
        return cls(
            store.namespace("budgets"),
            f"{SOURCE}:logins:{user[:24]}",
            settings.logins_per_window,
            settings.login_window_s,
        )


def session_auth(
    http: UpstreamHTTP, settings: XandrSettings, store: StateStore | None = None
) -> TokenAuth:
    """`POST /auth` once, share the token, log in again only after a `NOAUTH` answer."""
    # Without a store (a client opened alone, as in tests) both stay within this client.
    budget = LoginBudget.for_user(store or MemoryStore(), settings)
    sharing = None
    if store is not None:
        sharing = TokenSharing.for_account(store, SOURCE, settings, settings.username or "")

    async def fetch() -> Token:
        assert settings.username and settings.password is not None
        await budget.spend()
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
        # The sliding 2 h expiry cannot be known ahead; re-fetch only when refused (reference).
        return Token(envelope.token)

    return TokenAuth(fetch, raw_token, is_rejected=is_noauth, needs_body=True, sharing=sharing)


def raw_token(request: httpx.Request, token: str) -> None:
    # The token goes in bare, with no `Bearer` scheme (reference: Authentication).
    request.headers["Authorization"] = token
