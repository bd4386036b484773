"""What every limbo/Beat call passes first: the password grant's tokens, then the media types.

Part of the simulator (reference: shared/upstreams/send-tasks.md, Authentication and Headers).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.tokens import IssuedTokens
from gateway.sandbox.wire import bearer_token, json_or
from gateway.sources.limbobeat.simulator.responses import error_document
from gateway.sources.limbobeat.simulator.state import JSON_API

DEMO_EMAIL = "distributor@sandbox.limbobeat.test"
DEMO_PASSWORD = "sandbox-password"  # noqa: S105 - the sandbox's published demo credential
STATIC_TOKEN = "sandbox-limbobeat-token"  # noqa: S105 - the sandbox's published demo credential
# Tokens expire on the sandbox clock, so tests reach expiry by advancing it past this.
TOKEN_LIFETIME_S = 3600

Handler = Callable[[Request], Awaitable[Response]]


class Gate:
    """Issues tokens for the demo account and refuses calls without a live one."""

    def __init__(self, clock: SandboxClock) -> None:
        self.tokens: IssuedTokens[str] = IssuedTokens(clock)

    async def issue_token(self, request: Request) -> Response:
        body = await json_or(request, {})
        # The grant takes `email`, not `username` (reference: Authentication).
        if (
            not isinstance(body, dict)
            or body.get("grant_type") != "password"
            or body.get("email") != DEMO_EMAIL
            or body.get("password") != DEMO_PASSWORD
        ):
            message = "The user credentials were incorrect."
            return JSONResponse(
                {"error": "invalid_grant", "error_description": message, "message": message},
                status_code=400,
            )
        return JSONResponse(
            {
                "token_type": "Bearer",
                "expires_in": TOKEN_LIFETIME_S,
                "access_token": self.tokens.issue(DEMO_EMAIL, TOKEN_LIFETIME_S),
                "refresh_token": secrets.token_urlsafe(24),
            }
        )

    def refuse(self, request: Request) -> Response | None:
        """The checks every `/api/v1` call passes first: bearer token, then media types."""
        token = bearer_token(request)
        known = token == STATIC_TOKEN or self.tokens.holder(token) is not None
        if token is None or not known:
            return error_document(401, "Unauthorized", "Unauthenticated.")
        accept = request.headers.get("accept", "*/*")
        if not any(t in accept for t in (JSON_API, "*/*", "application/*")):
            return error_document(406, "Not Acceptable", f"The API only answers {JSON_API}.")
        has_body = request.method in ("POST", "PATCH")
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        # Enforced on bodies only, although documented for every call (reference: Headers).
        if has_body and content_type != JSON_API:
            return error_document(415, "Unsupported Media Type", f"Send {JSON_API}.")
        return None

    def guarded(self, handler: Handler) -> Handler:
        async def run(request: Request) -> Response:
            refused = self.refuse(request)
            return refused if refused is not None else await handler(request)

        return run
