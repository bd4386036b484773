"""How an upstream's failed exchange becomes a `GatewayError`: its status, or the transport's.

Sources add only an `ErrorDecoder` for their own error bodies; everything else is read here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

import httpx

from gateway.errors import (
    BadUserInput,
    Conflict,
    Forbidden,
    GatewayError,
    NotFound,
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnauthenticated,
    UpstreamUnavailable,
)
from gateway.http.retry import retry_after_seconds


class ErrorDecoder(Protocol):
    """Reads a source's own error body; returns None to fall back to the status-code mapping.

    Called for every response, so a source whose upstream reports errors inside a 200 (Xandr)
    can still raise.
    """

    def __call__(self, response: httpx.Response, source: str) -> GatewayError | None: ...


def no_error_body(response: httpx.Response, source: str) -> GatewayError | None:
    return None


def error_for_status(response: httpx.Response, source: str) -> GatewayError:
    """The default reading of a failed status when the body says nothing more useful."""
    status = response.status_code
    message = f"{source} answered HTTP {status}"
    if status == 401:
        return UpstreamUnauthenticated(f"{source} refused the gateway's credentials", source=source)
    if status == 403:
        return Forbidden(f"{source} does not allow this request", source=source)
    if status == 404:
        return NotFound(f"{source} has no such resource", source=source)
    if status == 409:
        return Conflict(
            f"{source} refused the request in the resource's current state", source=source
        )
    if status == 429:
        return UpstreamRateLimited(
            f"{source} is rate limiting the gateway",
            source=source,
            retryAfter=retry_after_seconds(response),
        )
    if status >= 500:
        # A 503 may say when to come back; the retry policy waits that long (or reports it).
        return UpstreamUnavailable(
            message, source=source, status=status, retryAfter=retry_after_seconds(response)
        )
    return UpstreamRejected(message, source=source, status=status)


def check_response(
    response: httpx.Response,
    source: str,
    decode_error: ErrorDecoder,
    ok_statuses: frozenset[int] = frozenset(),
) -> httpx.Response:
    """The response if it is a success (or expected); the error it stands for otherwise."""
    error = decode_error(response, source)
    if error is None:
        if response.is_success or response.status_code in ok_statuses:
            return response
        error = error_for_status(response, source)
    # Every error read from an answer says its HTTP status, also when its text is withheld.
    error.details.setdefault("status", response.status_code)
    # A source's own decoder reads its body, not the headers: the retry policy needs the
    # upstream's `Retry-After` whoever built the error (RFC 9110, 10.2.3).
    throttled = isinstance(error, UpstreamRateLimited | UpstreamUnavailable)
    if throttled and error.details.get("retryAfter") is None:
        error.details["retryAfter"] = retry_after_seconds(response)
    raise error


@contextmanager
def transport_errors(
    source: str, timeout_s: float, timed_out: UpstreamTimeout | None = None
) -> Iterator[None]:
    """Turns httpx's (and asyncio's) failures to exchange anything into gateway errors.

    `timed_out` replaces the plain timeout error when the request's deadline, not the
    attempt's own timeout, was the bound.
    """
    try:
        yield
    except httpx.InvalidURL:
        # Arguments go into the URL; one long enough breaks it before anything is sent.
        raise BadUserInput(
            f"an argument is too long or malformed for {source}'s URL", source=source
        ) from None
    except (TimeoutError, httpx.TimeoutException):
        if timed_out is not None:
            raise timed_out from None
        raise UpstreamTimeout(
            f"{source} did not answer within {timeout_s:g} s", source=source
        ) from None
    except httpx.TransportError as exc:
        raise UpstreamUnavailable(
            f"{source} could not be reached ({type(exc).__name__})", source=source
        ) from None
