"""The one place where upstream HTTP policy lives; every source client talks through it.

Each module has one reason to change: `client` (pool, concurrency, one call's path), `retry`
(what is transient, waits, Retry-After), `errors` (status and transport failures to gateway
errors), `bodies` (JSON into payload models), `recording` (call log, metrics, log line), `auth`
(the gateway's own credentials towards upstreams) and `settings` (every section's shared fields).
Sources plug in only what differs: an `httpx.Auth` and an `ErrorDecoder` for their error bodies.
"""

from gateway.http.auth import StaticBearer, Token, TokenAuth, bearer
from gateway.http.client import UpstreamHTTP
from gateway.http.errors import ErrorDecoder, error_for_status, no_error_body
from gateway.http.retry import retry_after_seconds
from gateway.http.settings import UpstreamSettings
from gateway.http.token_sharing import TokenSharing

__all__ = [
    "ErrorDecoder",
    "StaticBearer",
    "Token",
    "TokenAuth",
    "TokenSharing",
    "UpstreamHTTP",
    "UpstreamSettings",
    "bearer",
    "error_for_status",
    "no_error_body",
    "retry_after_seconds",
]
