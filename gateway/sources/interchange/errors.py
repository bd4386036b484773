"""Reads Interchange's `{data: null, error: {code, message, field?, details?}}` into errors."""

from __future__ import annotations

from typing import Any

import httpx
from pydantic import ValidationError

from gateway.errors import (
    Conflict,
    FieldProblem,
    Forbidden,
    GatewayError,
    NotFound,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamUnauthenticated,
    UpstreamUnavailable,
)
from gateway.http import error_for_status, retry_after_seconds
from gateway.sources.interchange.payloads import ErrorBodyPayload, FailureEnvelopePayload


class TermsNotAccepted(Forbidden):
    """The storefront's customer has not accepted the current platform agreement (writes only)."""

    code = "TOS_ACCEPTANCE_REQUIRED"


class UpstreamNotImplemented(UpstreamError):
    """The upstream does not implement this call (501); retrying cannot help."""

    code = "UPSTREAM_NOT_IMPLEMENTED"


def _read(response: httpx.Response) -> ErrorBodyPayload | None:
    try:
        return FailureEnvelopePayload.model_validate_json(response.content).error
    except ValidationError:
        pass
    try:
        # Tolerate an error object that arrives without its envelope.
        return ErrorBodyPayload.model_validate_json(response.content)
    except ValidationError:
        return None


def _problems(error: ErrorBodyPayload) -> tuple[FieldProblem, ...]:
    issues: Any = (error.details or {}).get("issues")
    found = [
        FieldProblem(
            field=".".join(str(p) for p in issue["path"])
            if isinstance(issue.get("path"), list)
            else issue.get("path"),
            message=str(issue.get("message") or error.message),
            code=error.code,
        )
        for issue in (issues if isinstance(issues, list) else [])
        if isinstance(issue, dict)
    ]
    return tuple(found) or (
        FieldProblem(field=error.field, message=error.message, code=error.code),
    )


def _for_code(error: ErrorBodyPayload, response: httpx.Response, source: str) -> GatewayError:
    code, message = error.code, f"{source}: {error.message}"
    extra: dict[str, Any] = {"source": source, "upstreamCode": code}
    if code == "UNAUTHORIZED":
        return UpstreamUnauthenticated(message, **extra)
    if code in ("VALIDATION_ERROR", "BAD_REQUEST"):
        return UpstreamRejected(
            message, problems=_problems(error), status=response.status_code, **extra
        )
    if code == "NOT_FOUND":
        return NotFound(message, **extra)
    if code == "CONFLICT":
        return Conflict(message, **extra)
    if code == "RATE_LIMITED":
        return UpstreamRateLimited(message, retryAfter=retry_after_seconds(response), **extra)
    if code == "TOS_ACCEPTANCE_REQUIRED":
        return TermsNotAccepted(message, **extra)
    if code in ("FORBIDDEN", "ACCESS_DENIED"):
        return Forbidden(message, **extra)
    if code == "NOT_IMPLEMENTED":
        return UpstreamNotImplemented(message, **extra)
    if code in ("INTERNAL_ERROR", "SERVICE_UNAVAILABLE"):
        return UpstreamUnavailable(message, status=response.status_code, **extra)
    fallback = error_for_status(response, source)
    fallback.details["upstreamCode"] = code
    return fallback


def decode_error(response: httpx.Response, source: str) -> GatewayError | None:
    """Maps the envelope's `error.code`; an error inside a 2xx envelope is still an error."""
    if response.is_success and b'"error"' not in response.content:
        return None
    error = _read(response)
    if error is None:
        return None
    return _for_code(error, response, source)
