"""The gateway's error tree: every failure a client may see, each with a stable code.

Only the HTTP layer (`gateway.http`) and the input checks of resolvers raise these; the schema's
error extension turns them into GraphQL errors whose `extensions` come from `extensions()`.
Anything else that escapes a resolver is a bug and is masked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class FieldProblem:
    """One refused input field, as an upstream's validation answer named it."""

    field: str | None
    message: str
    code: str


class GatewayError(Exception):
    """Base of every error the gateway reports on purpose."""

    code: ClassVar[str] = "INTERNAL_SERVER_ERROR"

    def __init__(self, message: str, *, source: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.details = details

    def extensions(self) -> dict[str, Any]:
        ext: dict[str, Any] = {"code": self.code}
        if self.source is not None:
            ext["source"] = self.source
        ext.update({k: v for k, v in self.details.items() if v is not None})
        return ext


class BadUserInput(GatewayError):
    """The query's arguments were refused before any upstream call was made."""

    code = "BAD_USER_INPUT"


class TooManySubscriptions(GatewayError):
    """A caller or connection asked for more live subscriptions than its bound allows."""

    code = "TOO_MANY_SUBSCRIPTIONS"


class SourceNotConfigured(GatewayError):
    """The field needs an upstream that this deployment has no base URL for."""

    code = "SOURCE_NOT_CONFIGURED"


class UpstreamError(GatewayError):
    """An upstream call failed; `source` names the upstream."""

    code = "UPSTREAM_ERROR"


class UpstreamUnavailable(UpstreamError):
    """The upstream could not be reached or answered with a 5xx."""

    code = "UPSTREAM_UNAVAILABLE"


class CircuitOpen(UpstreamUnavailable):
    """The upstream kept failing, so the gateway answers for it without calling it for a while."""


class UpstreamTimeout(UpstreamError):
    """The upstream did not answer within the configured timeout."""

    code = "UPSTREAM_TIMEOUT"


class DeadlineExceeded(UpstreamTimeout):
    """The request's deadline came first: the call was cut short or never started."""


class UpstreamCallBudgetExceeded(GatewayError):
    """The request made its `GATEWAY_MAX_UPSTREAM_CALLS` upstream calls; this one never left."""

    code = "UPSTREAM_CALL_BUDGET_EXCEEDED"


class UpstreamBadResponse(UpstreamError):
    """The upstream answered with a body the gateway cannot read as its documented shape."""

    code = "UPSTREAM_BAD_RESPONSE"


class UpstreamRateLimited(UpstreamError):
    """The upstream throttled the gateway; `retryAfter` (seconds) says when to try again."""

    code = "UPSTREAM_RATE_LIMITED"


class UpstreamUnauthenticated(UpstreamError):
    """The upstream refused the gateway's own credentials (even after one refresh)."""

    code = "UPSTREAM_UNAUTHENTICATED"


class UpstreamCredentialsRejected(UpstreamError):
    """The upstream knows the gateway's credential but not for this API (category, access)."""

    code = "UPSTREAM_CREDENTIALS_REJECTED"


class Forbidden(UpstreamError):
    """The upstream knows the caller but does not allow this action or resource."""

    code = "FORBIDDEN"


class NotFound(UpstreamError):
    """The upstream has no such resource; lookups by id turn this into `null` instead."""

    code = "NOT_FOUND"


class Conflict(UpstreamError):
    """The upstream refused the request because of the resource's current state."""

    code = "CONFLICT"


class UpstreamRejected(UpstreamError):
    """The upstream refused the request as invalid; `problems` lists the fields it named."""

    code = "UPSTREAM_REJECTED"

    def __init__(
        self,
        message: str,
        *,
        source: str | None = None,
        problems: tuple[FieldProblem, ...] = (),
        **details: Any,
    ) -> None:
        super().__init__(message, source=source, **details)
        self.problems = problems

    def extensions(self) -> dict[str, Any]:
        ext = super().extensions()
        if self.problems:
            ext["problems"] = [
                {"field": p.field, "message": p.message, "code": p.code} for p in self.problems
            ]
        return ext


def wrong_base_url(source: str) -> UpstreamBadResponse:
    """A 404 outside the upstream's own error shape: its base URL points somewhere else."""
    return UpstreamBadResponse(
        f"{source} answered 404 outside its API; check GATEWAY_{source.upper()}__BASE_URL",
        source=source,
    )
