"""The one place where upstream HTTP policy lives: timeouts, pools, auth, retries, error mapping.

Every source client talks to its upstream through an `UpstreamHTTP`; nothing else in the gateway
creates an httpx client. Sources plug in only what differs between upstreams: an `httpx.Auth`
and an `ErrorDecoder` for their error bodies.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, Protocol, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from gateway.calls import UpstreamCall, current_call_log
from gateway.errors import (
    BadUserInput,
    Conflict,
    Forbidden,
    GatewayError,
    NotFound,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamRejected,
    UpstreamTimeout,
    UpstreamUnauthenticated,
    UpstreamUnavailable,
)
from gateway.http.settings import UpstreamSettings
from gateway.metrics import observe_upstream

logger = logging.getLogger(__name__)

ModelT = TypeVar("ModelT", bound=BaseModel)
T = TypeVar("T")

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class ErrorDecoder(Protocol):
    """Reads a source's own error body; returns None to fall back to the status-code mapping.

    Called for every response, so a source whose upstream reports errors inside a 200 (Xandr)
    can still raise.
    """

    def __call__(self, response: httpx.Response, source: str) -> GatewayError | None: ...


def no_error_body(response: httpx.Response, source: str) -> GatewayError | None:
    return None


class RecordingTransport(httpx.AsyncBaseTransport):
    """Records every exchange (token fetches and redirects included) in the request's call log."""

    def __init__(self, inner: httpx.AsyncBaseTransport, source: str) -> None:
        self._inner = inner
        self._source = source

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        try:
            response = await self._inner.handle_async_request(request)
            status = response.status_code
            return response
        except BaseException as exc:
            error = type(exc).__name__
            raise
        finally:
            self._record(request, started, status, error)

    def _record(
        self, request: httpx.Request, started: float, status: int | None, error: str | None
    ) -> None:
        duration_ms = (time.perf_counter() - started) * 1000
        observe_upstream(self._source, request.method, status, error, duration_ms / 1000)
        log = current_call_log.get()
        batch_size = request.extensions.get("batch_size")
        if log is not None:
            log.add(
                UpstreamCall(
                    source=self._source,
                    method=request.method,
                    path=request.url.path,
                    status=status,
                    duration_ms=duration_ms,
                    started_ms=(started - log.started_at) * 1000,
                    batch_size=batch_size if isinstance(batch_size, int) else None,
                    error=error,
                )
            )
        logger.info(
            "upstream %s %s %s -> %s in %.1f ms",
            self._source,
            request.method,
            request.url.path,
            status if status is not None else error,
            duration_ms,
        )

    async def aclose(self) -> None:
        await self._inner.aclose()


def retry_after_seconds(response: httpx.Response) -> float | None:
    """Retry-After as seconds (delta or HTTP date), else RateLimit-Reset, else None."""
    for header in ("retry-after", "ratelimit-reset", "x-ratelimit-reset"):
        value = response.headers.get(header)
        if not value:
            continue
        try:
            return max(0.0, float(value))
        except ValueError:
            parsed = email.utils.parsedate_to_datetime(value) if header == "retry-after" else None
            if parsed is not None:
                return max(0.0, parsed.timestamp() - time.time())
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
        return UpstreamUnavailable(message, source=source, status=status)
    return UpstreamRejected(message, source=source, status=status)


class UpstreamHTTP:
    """A pooled httpx client for one upstream, with the gateway's policies applied."""

    def __init__(
        self,
        source: str,
        settings: UpstreamSettings,
        *,
        auth: httpx.Auth | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        decode_error: ErrorDecoder = no_error_body,
        headers: Mapping[str, str] | None = None,
        follow_redirects: bool = False,
    ) -> None:
        if settings.base_url is None:
            raise ValueError(f"{source} has no base URL")
        self.source = source
        self.settings = settings
        self.auth = auth
        self._decode_error = decode_error
        inner = transport or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=settings.max_keepalive_connections,
            ),
            retries=0,
        )
        self._client = httpx.AsyncClient(
            base_url=str(settings.base_url).rstrip("/"),
            transport=RecordingTransport(inner, source),
            timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
            headers=dict(headers or {}),
            follow_redirects=follow_redirects,
        )
        # Taken per attempt, so a retry's wait never holds a slot others could use.
        self._slots = asyncio.Semaphore(settings.max_concurrency)

    @property
    def raw(self) -> httpx.AsyncClient:
        """The bare httpx client, for an `httpx.Auth` that must fetch its own token."""
        return self._client

    async def aclose(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | list[tuple[str, Any]] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        batch_size: int | None = None,
        ok_statuses: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """Send one request; retried only when the method is idempotent and the failure transient.

        Returns a 2xx response (or one in `ok_statuses`); raises a `GatewayError` otherwise.
        """
        method = method.upper()
        attempts = self.settings.retries + 1 if method in IDEMPOTENT_METHODS else 1
        retrying = AsyncRetrying(
            stop=stop_after_attempt(attempts),
            wait=self._wait,
            retry=retry_if_exception(self._is_transient),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                return await self._send_once(
                    method,
                    path,
                    params=params,
                    json=json,
                    data=data,
                    headers=headers,
                    authenticated=authenticated,
                    batch_size=batch_size,
                    ok_statuses=ok_statuses,
                )
        raise AssertionError("unreachable: tenacity re-raises the last failure")

    async def _send_once(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | list[tuple[str, Any]] | None,
        json: Any,
        data: Mapping[str, Any] | None,
        headers: Mapping[str, str] | None,
        authenticated: bool,
        batch_size: int | None,
        ok_statuses: frozenset[int],
    ) -> httpx.Response:
        extensions = {"batch_size": batch_size} if batch_size is not None else None
        try:
            # asyncio's timeout also bounds transports that ignore httpx's (the ASGI transport).
            async with self._slot(authenticated), asyncio.timeout(self.settings.timeout_s):
                response = await self._client.request(
                    method,
                    path,
                    params=params,
                    json=json,
                    data=data,
                    headers=headers,
                    auth=self.auth if authenticated else None,
                    extensions=extensions,
                )
        except httpx.InvalidURL:
            # Arguments go into the URL; one long enough breaks it before anything is sent.
            raise BadUserInput(
                f"an argument is too long or malformed for {self.source}'s URL", source=self.source
            ) from None
        except (TimeoutError, httpx.TimeoutException):
            raise UpstreamTimeout(
                f"{self.source} did not answer within {self.settings.timeout_s:g} s",
                source=self.source,
            ) from None
        except httpx.TransportError as exc:
            raise UpstreamUnavailable(
                f"{self.source} could not be reached ({type(exc).__name__})", source=self.source
            ) from None
        decoded = self._decode_error(response, self.source)
        if decoded is not None:
            raise decoded
        if response.is_success or response.status_code in ok_statuses:
            return response
        raise error_for_status(response, self.source)

    def _slot(self, authenticated: bool) -> AbstractAsyncContextManager[Any]:
        # Token fetches run inside an authenticated request's auth flow, which holds a slot
        # already: they take none, so a bound of one cannot deadlock.
        return self._slots if authenticated else nullcontext()

    def _is_transient(self, exc: BaseException) -> bool:
        if isinstance(exc, UpstreamRateLimited):
            delay = exc.details.get("retryAfter")
            return delay is not None and float(delay) <= self.settings.max_retry_wait_s
        return isinstance(exc, UpstreamUnavailable | UpstreamTimeout)

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if isinstance(exc, UpstreamRateLimited):
            return float(exc.details.get("retryAfter") or 0.0)
        backoff: float = 0.05 * 2.0 ** (state.attempt_number - 1)
        return min(backoff, 1.0)

    # -- reading bodies ------------------------------------------------------------------------

    def read_json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            raise UpstreamBadResponse(
                f"{self.source} answered with a body that is not JSON", source=self.source
            ) from None

    def parse(self, model: type[ModelT], data: Any) -> ModelT:
        """Validate upstream JSON into its payload model; the report names fields, not values."""
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            raise self._bad_shape(exc) from None

    def parse_as(self, shape: Any, data: Any) -> Any:
        """Like `parse`, for shapes that are not a single model (e.g. `list[TaskPayload]`)."""
        try:
            return TypeAdapter(shape).validate_python(data)
        except ValidationError as exc:
            raise self._bad_shape(exc) from None

    def _bad_shape(self, exc: ValidationError) -> UpstreamBadResponse:
        where = ", ".join(
            ".".join(str(p) for p in err["loc"]) or "<root>" for err in exc.errors()[:3]
        )
        return UpstreamBadResponse(
            f"{self.source} answered with an unexpected shape (at {where})", source=self.source
        )
