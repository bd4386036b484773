"""`UpstreamHTTP`: one pooled httpx client per upstream, and the path of one call through it.

A call is: build the request, ask the request's scope (`RequestScope`: deadline, guards) and run
under it; then per attempt (`RetryPolicy`: transient failures, budget, deadline) pass the circuit
breaker, take a concurrency slot, send under the attempt's timeout (clipped to the deadline) and
check the answer (`check_response`). De-duplication of identical reads would wrap `request`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from gateway.errors import (
    CircuitOpen,
    DeadlineExceeded,
    GatewayError,
    UpstreamTimeout,
    UpstreamUnavailable,
)
from gateway.http import bodies
from gateway.http.breaker import CircuitBreaker
from gateway.http.errors import ErrorDecoder, check_response, no_error_body, transport_errors
from gateway.http.inflight import InFlight, read_key
from gateway.http.recording import RecordingTransport, bounded_attempt
from gateway.http.request_scope import RequestScope, current_scope
from gateway.http.retry import IDEMPOTENT_METHODS, RetryPolicy
from gateway.http.routes import template_of
from gateway.http.settings import UpstreamSettings
from gateway.http.transport import UpstreamClient, upstream_transport
from gateway.metrics import observe_cache
from gateway.telemetry.tracing import shared_read_span

ModelT = TypeVar("ModelT", bound=BaseModel)

Params = Mapping[str, Any] | list[tuple[str, Any]]


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
        self.retry = RetryPolicy.from_settings(source, settings)
        self.breaker = CircuitBreaker(
            source,
            failure_threshold=settings.breaker_failure_threshold,
            open_s=settings.breaker_open_s,
            half_open_calls=settings.breaker_half_open_calls,
        )
        self._decode_error = decode_error
        inner = transport or upstream_transport(settings)
        self._client = UpstreamClient(
            base_url=str(settings.base_url).rstrip("/"),
            transport=RecordingTransport(inner, source),
            timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
            headers=dict(headers or {}),
            follow_redirects=follow_redirects,
        )
        # Taken per attempt, so a retry's wait never holds a slot others could use.
        self._slots = asyncio.Semaphore(settings.max_concurrency)
        self.inflight = InFlight(source) if settings.share_identical_reads else None
        # Retires what caches across requests hold of this upstream (gateway.caching.writes).
        self.after_write: Callable[[], Awaitable[None]] | None = None

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
        params: Params | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        batch_size: int | None = None,
        ok_statuses: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """Send one request; retried only when the method is idempotent and the failure transient.

        Returns a 2xx response (or one in `ok_statuses`); raises a `GatewayError` otherwise.
        Within a request scope it starts only if the scope admits it, and runs as a task the
        scope cancels when the response goes out.
        """
        method = method.upper()
        # What the transport's record and span read: the route template (`gateway.http.routes`)
        # and how many keys a batched call carries.
        extensions: dict[str, object] = {"route": template_of(path)}
        if batch_size is not None:
            extensions["batch_size"] = batch_size
        with transport_errors(self.source, self.settings.timeout_s):
            request = self._client.build_request(
                method,
                path,
                params=params,
                json=json,
                data=data,
                headers=headers,
                extensions=extensions,
            )
        scope = current_scope.get()
        if method in IDEMPOTENT_METHODS and authenticated and self.inflight is not None:
            return await self._shared_read(request, ok_statuses, scope)
        if method in IDEMPOTENT_METHODS or not authenticated:
            return await self._guarded(request, authenticated, ok_statuses, scope)
        return await self._write(request, ok_statuses, scope)

    async def _guarded(
        self,
        request: httpx.Request,
        authenticated: bool,
        ok_statuses: frozenset[int],
        scope: RequestScope | None,
    ) -> httpx.Response:
        async def attempt() -> httpx.Response:
            return await self._attempt(request, authenticated, ok_statuses, scope)

        if scope is None:
            return await self.retry.run(request.method, attempt)
        # An open breaker answers before the scope counts a call that would reach nothing.
        self.breaker.check()
        scope.admit(self.source, credential=not authenticated)
        return await scope.run(self.retry.run(request.method, attempt, scope))

    async def _write(
        self, request: httpx.Request, ok_statuses: frozenset[int], scope: RequestScope | None
    ) -> httpx.Response:
        """A write: a read asked after it sees it, in flight (`inflight`) or cached (`after_write`).

        Whatever its outcome: a write that failed or timed out may still have been applied.
        """
        if self.inflight is not None:
            self.inflight.forget()
        try:
            return await self._guarded(request, True, ok_statuses, scope)
        except UpstreamTimeout as exc:
            # Sent, but no answer came: the caller must not assume it failed, nor resend it.
            exc.details["writeOutcome"] = "UNKNOWN"
            exc.message += "; the write may have been applied: read it back before resending it"
            raise
        finally:
            if self.inflight is not None:
                self.inflight.forget()
            if self.after_write is not None:
                # Shielded: a response that went out (cancelling this) must still retire them.
                await asyncio.shield(self.after_write())

    async def _shared_read(
        self, request: httpx.Request, ok_statuses: frozenset[int], scope: RequestScope | None
    ) -> httpx.Response:
        """A read joins an identical one in flight, or starts one that others may join."""
        assert self.inflight is not None
        key = read_key(request, ok_statuses)
        call = self.inflight.joinable(key)
        observe_cache("inflight_reads", hit=call is not None)
        if call is not None:
            with shared_read_span(self.source, request):
                return await self.inflight.wait(call, scope, joined=True)
        if scope is not None:
            self.breaker.check()
            scope.admit(self.source)

        async def start(detached: RequestScope | None) -> httpx.Response:
            async def attempt() -> httpx.Response:
                return await self._attempt(request, True, ok_statuses, detached)

            return await self.retry.run(request.method, attempt, detached)

        return await self.inflight.wait(self.inflight.start(key, start, scope), scope)

    async def _attempt(
        self,
        request: httpx.Request,
        authenticated: bool,
        ok_statuses: frozenset[int],
        scope: RequestScope | None,
    ) -> httpx.Response:
        """One attempt through the breaker, which learns from how it ended."""
        self.breaker.admit()
        try:
            response = await self._exchange(request, authenticated, scope)
        except GatewayError as exc:
            health_verdict(self.breaker, exc)()
            raise
        except BaseException:
            # Cancelled because the response went out: nothing learnt about the upstream.
            self.breaker.record_neutral()
            raise
        if response.status_code >= 500:
            self.breaker.record_failure()
        elif response.status_code == 429:
            self.breaker.record_neutral()
        else:
            self.breaker.record_success()
        return check_response(response, self.source, self._decode_error, ok_statuses)

    async def _exchange(
        self, request: httpx.Request, authenticated: bool, scope: RequestScope | None
    ) -> httpx.Response:
        async with self._slot(authenticated, scope):
            timeout_s, clipped = (
                scope.attempt_timeout(self.settings.timeout_s)
                if scope is not None
                else (self.settings.timeout_s, False)
            )
            timed_out = scope.deadline_error(self.source) if scope and clipped else None
            with transport_errors(self.source, timeout_s, timed_out):
                # asyncio's timeout also bounds transports that ignore httpx's (the ASGI one).
                async with bounded_attempt(timeout_s):
                    return await self._client.send(
                        request, auth=self.auth if authenticated else None
                    )

    @asynccontextmanager
    async def _slot(self, authenticated: bool, scope: RequestScope | None) -> AsyncIterator[None]:
        # Token fetches run inside an authenticated request's auth flow, which holds a slot
        # already: they take none, so a bound of one cannot deadlock.
        if not authenticated:
            yield
            return
        try:
            # Waiting for a slot counts against the request's deadline, not the attempt's.
            async with asyncio.timeout(scope.remaining() if scope is not None else None):
                await self._slots.acquire()
        except TimeoutError:
            assert scope is not None
            raise scope.deadline_error(self.source) from None
        try:
            yield
        finally:
            self._slots.release()

    # -- reading bodies (gateway.http.bodies, naming this upstream) -----------------------------

    def read_json(self, response: httpx.Response) -> Any:
        return bodies.read_json(response, self.source)

    def parse_response(self, model: type[ModelT], response: httpx.Response) -> ModelT:
        """The whole body as its payload model, read from the bytes, once per response."""
        parsed: ModelT = bodies.parse_response(model, response, self.source)
        return parsed

    def parse_response_as(self, shape: Any, response: httpx.Response) -> Any:
        """Like `parse_response`, for shapes that are not a single model."""
        return bodies.parse_response(shape, response, self.source)

    def parse(self, model: type[ModelT], data: Any) -> ModelT:
        """Validate upstream JSON into its payload model; the report names fields, not values."""
        return bodies.parse(model, data, self.source)

    def parse_as(self, shape: Any, data: Any) -> Any:
        """Like `parse`, for shapes that are not a single model (e.g. `list[TaskPayload]`)."""
        return bodies.parse_as(shape, data, self.source)


def health_verdict(breaker: CircuitBreaker, exc: GatewayError) -> Callable[[], None]:
    """What an attempt that got no answer tells the breaker about the upstream's health."""
    if isinstance(exc, UpstreamUnavailable | UpstreamTimeout) and not isinstance(
        exc, CircuitOpen | DeadlineExceeded
    ):
        return breaker.record_failure
    # Refused by the breaker, cut short by the request's deadline, or a URL never sent.
    return breaker.record_neutral
