"""What every Blueworks call passes first: a client-credentials token, then who it acts for.

Part of the simulator (reference: shared/upstreams/blueworks-worklist.md, Authentication).
"""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.tokens import IssuedTokens
from gateway.sandbox.wire import bearer_token
from gateway.sources.blueworks.simulator.responses import plain
from gateway.sources.blueworks.simulator.state import Account

DEFAULT_TOKEN_LIFETIME_S = 300.0
# The sandbox's published demo credentials (not secrets): one account-level Service ID in the
# Work Management category, one User Service ID acting as the demo user, one in another category.
SERVICE_ID = "sandbox-blueworks-service-id"
SERVICE_SECRET = "sandbox-blueworks-secret"  # noqa: S105
USER_SERVICE_ID = "sandbox-blueworks-user-service-id"
USER_SERVICE_SECRET = "sandbox-blueworks-user-secret"  # noqa: S105
ADMIN_SERVICE_ID = "sandbox-blueworks-admin-service-id"
ADMIN_SERVICE_SECRET = "sandbox-blueworks-admin-secret"  # noqa: S105

# A handler is given the user the call acts for.
Handler = Callable[[Request, str], Awaitable[Response]]


@dataclass(frozen=True)
class Credential:
    secret: str
    category: str
    # A User Service ID always acts as this user; None for an account-level Service ID.
    user: str | None


class Gate:
    """The account's Service IDs, the tokens issued to them, and whom each call acts for."""

    def __init__(self, clock: SandboxClock, account: Account, demo_user: str) -> None:
        self.account = account
        self.token_lifetime_s = DEFAULT_TOKEN_LIFETIME_S
        self.tokens: IssuedTokens[Credential] = IssuedTokens(clock)
        self.credentials = {
            SERVICE_ID: Credential(SERVICE_SECRET, "Work Management", None),
            USER_SERVICE_ID: Credential(USER_SERVICE_SECRET, "Work Management", demo_user),
            ADMIN_SERVICE_ID: Credential(ADMIN_SERVICE_SECRET, "User Management", None),
        }

    async def issue_token(self, request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic" and client_id is None:
            # Tolerated: client_secret_basic, the other common OAuth2 client authentication.
            client_id, _, client_secret = base64.b64decode(encoded).decode().partition(":")
        if form.get("grant_type") != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        credential = self.credentials.get(str(client_id))
        if credential is None or credential.secret != client_secret:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        token = self.tokens.issue(credential, self.token_lifetime_s)
        return JSONResponse(
            {"access_token": token, "token_type": "bearer", "expires_in": self.token_lifetime_s}
        )

    def acting_user(self, request: Request) -> str | Response:
        """The user the call acts for, or the refusal the reference prescribes."""
        credential = self.tokens.holder(bearer_token(request))
        if credential is None:
            return plain(401, "Unauthorized")
        if credential.category != "Work Management":
            return plain(403, "The Service ID is not in the Work Management category")
        if credential.user is not None:
            return credential.user
        user = request.headers.get("x-on-behalf-of")
        if not user:
            return plain(400, "X-On-Behalf-Of is required with a Service ID")
        if user in self.account.viewers or user not in self.account.users:
            return plain(403, "The user does not exist or may not use the API")
        return user

    def acting(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        """Runs `handler` for the user the call acts for, or answers the refusal."""

        async def serve(request: Request) -> Response:
            user = self.acting_user(request)
            return user if isinstance(user, Response) else await handler(request, user)

        return serve

    async def configure(self, request: Request) -> Response:
        """Sandbox control: short token lifetimes for tests (`PUT /_config`)."""
        body = await request.json()
        if "token_lifetime_s" in body:
            self.token_lifetime_s = float(body["token_lifetime_s"])
        return JSONResponse({"token_lifetime_s": self.token_lifetime_s})
