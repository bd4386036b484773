"""Why a caller was turned away: not authenticated (HTTP 401) or lacking a scope (FORBIDDEN)."""

from __future__ import annotations

from typing import ClassVar

from gateway.errors import GatewayError

REALM = "work-gateway"


class AuthenticationFailed(GatewayError):
    """The request's credentials are missing or invalid; `reason` says which, never the secret.

    Raised before any resolver runs. HTTP answers it with `status` and `WWW-Authenticate`; a
    WebSocket handshake (graphql-transport-ws `connection_init`) closes with the same reason.
    """

    code: ClassVar[str] = "UNAUTHENTICATED"
    status: ClassVar[int] = 401

    def __init__(self, reason: str, *, invalid_token: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        # RFC 6750 section 3.1: a request with no credentials gets a challenge without `error`.
        self.invalid_token = invalid_token

    def challenge(self) -> str:
        if not self.invalid_token:
            return f'Bearer realm="{REALM}"'
        return f'Bearer realm="{REALM}", error="invalid_token", error_description="{self.reason}"'


class HeaderNotText(AuthenticationFailed):
    """An identity header holds bytes that are not printable ASCII (e.g. a non-ASCII user)."""

    code: ClassVar[str] = "BAD_USER_INPUT"
    status: ClassVar[int] = 400


class KeysUnavailable(AuthenticationFailed):
    """The signing keys could not be fetched, so no token can be checked right now."""

    code: ClassVar[str] = "AUTHENTICATION_UNAVAILABLE"
    status: ClassVar[int] = 503


class MissingScope(GatewayError):
    """The caller is known but its scopes do not include what the field needs."""

    code: ClassVar[str] = "FORBIDDEN"
