"""Reads Xandr's error envelopes into the gateway's error tree, branching on `error_id`.

Xandr's HTTP statuses are undocumented and a throttled call may even answer 200 with an error
payload (reference: Errors, Rate limits), so the body decides, the status only breaks ties.

| error_id            | extensions.code           |
|---------------------|---------------------------|
| NOAUTH              | UPSTREAM_UNAUTHENTICATED  |
| NOAUTH_DISABLED     | UPSTREAM_ACCOUNT_DISABLED |
| NOAUTH_EXPIRED      | UPSTREAM_PASSWORD_EXPIRED |
| UNAUTH              | FORBIDDEN                 |
| SYNTAX              | UPSTREAM_REJECTED (NOT_FOUND when the text says "not found") |
| INTEGRITY           | CONFLICT                  |
| LIMIT               | UPSTREAM_LIMIT_REACHED    |
| SYSTEM              | UPSTREAM_UNAVAILABLE      |
| any, throttled      | UPSTREAM_RATE_LIMITED     |
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from gateway.errors import (
    Conflict,
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

RATE_EXCEEDED = "RATE_EXCEEDED"
# Not in the reference: the sandbox's code for "more than 15 concurrent requests" (an HTTP 200).
CONCURRENCY_EXCEEDED = "CONCURRENCY_EXCEEDED"
THROTTLE_CODES = frozenset({RATE_EXCEEDED, CONCURRENCY_EXCEEDED})
# No delay is given with a concurrency refusal; one second is the gateway's own guess.
DEFAULT_THROTTLE_S = 1.0


class UpstreamAccountDisabled(UpstreamUnauthenticated):
    """Xandr says the gateway's API user is deactivated (`NOAUTH_DISABLED`); no login helps."""

    code = "UPSTREAM_ACCOUNT_DISABLED"


class UpstreamPasswordExpired(UpstreamUnauthenticated):
    """Xandr says the gateway's API user's password expired (`NOAUTH_EXPIRED`)."""

    code = "UPSTREAM_PASSWORD_EXPIRED"


class UpstreamLimitReached(UpstreamError):
    """Xandr refused because an object limit was reached (`LIMIT`, e.g. 30,000 domains a list)."""

    code = "UPSTREAM_LIMIT_REACHED"


def error_body(response: httpx.Response) -> dict[str, Any] | None:
    """The `response` object when the body is a Xandr envelope carrying an `error_id`."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    inner = body.get("response") if isinstance(body, dict) else None
    if not isinstance(inner, dict) or not (inner.get("error_id") or inner.get("error_code")):
        return None
    return inner


def is_noauth(response: httpx.Response) -> bool:
    """Whether a fresh login may help: a plain `NOAUTH`, not a throttle (reference: Auth)."""
    body = error_body(response)
    return (
        body is not None
        and body.get("error_id") == "NOAUTH"
        and response.status_code != 429
        and body.get("error_code") not in THROTTLE_CODES
    )


def _throttled(response: httpx.Response, body: dict[str, Any] | None, source: str) -> GatewayError:
    delay = retry_after_seconds(response)
    return UpstreamRateLimited(
        f"{source} is rate limiting the gateway",
        source=source,
        retryAfter=delay if delay is not None else DEFAULT_THROTTLE_S,
        upstreamCode=(body or {}).get("error_code"),
    )


def _from_error_id(error_id: str, text: str, status: int, source: str) -> GatewayError | None:
    message = f"{source}: {text}" if text else f"{source} answered {error_id}"
    if error_id == "NOAUTH":
        return UpstreamUnauthenticated(message, source=source)
    if error_id == "NOAUTH_DISABLED":
        return UpstreamAccountDisabled(message, source=source)
    if error_id == "NOAUTH_EXPIRED":
        return UpstreamPasswordExpired(message, source=source)
    if error_id == "UNAUTH":
        return Forbidden(message, source=source)
    if error_id == "SYNTAX":
        # No not-found id exists; the sandbox answers 404 + SYNTAX (reference: Errors).
        if status == 404 or "not found" in text.lower():
            return NotFound(message, source=source)
        return UpstreamRejected(message, source=source, status=status)
    if error_id == "INTEGRITY":
        return Conflict(message, source=source)
    if error_id == "LIMIT":
        return UpstreamLimitReached(message, source=source)
    if error_id == "SYSTEM":
        return UpstreamUnavailable(message, source=source, status=status)
    return None


def decode_error(response: httpx.Response, source: str) -> GatewayError | None:
    """Called for every response, 200s included (a 200 may carry an error payload)."""
    body = error_body(response)
    status = response.status_code
    rate_code = response.headers.get("x-ratelimit-code")
    if (
        status == 429
        or (status == 503 and rate_code)
        or (body is not None and body.get("error_code") in THROTTLE_CODES)
    ):
        return _throttled(response, body, source)
    if body is None:
        return None
    text = str(body.get("error") or body.get("error_description") or "")
    decoded = _from_error_id(str(body.get("error_id") or ""), text, status, source)
    if decoded is not None:
        decoded.details.setdefault("upstreamCode", body.get("error_id"))
        return decoded
    return (
        error_for_status(response, source)
        if not response.is_success
        else UpstreamRejected(
            f"{source} answered an error: {text or body.get('error_code')}", source=source
        )
    )
