"""Who is calling: caller authentication (JWT, API keys, trusted proxy) and scopes.

`authenticate` turns a request's headers into an `Identity` or an `AuthenticationFailed`; the
HTTP layer and (later) WebSocket handshakes share it. Upstream credentials live elsewhere
(`gateway.http.auth`): this package is about the gateway's own callers.
"""

from gateway.callers.authenticate import Authenticator
from gateway.callers.build import build_authenticator
from gateway.callers.errors import AuthenticationFailed, MissingScope
from gateway.callers.identity import Identity
from gateway.callers.scopes import RequireScopes, requires

__all__ = [
    "AuthenticationFailed",
    "Authenticator",
    "Identity",
    "MissingScope",
    "RequireScopes",
    "build_authenticator",
    "requires",
]
