"""Every exchange with an upstream, seen once: call log, metrics, log line and trace span.

A transport wrapper, so token fetches and redirects are seen too. Within a request it also
labels the exchange for the upstream: `X-Request-Id`, and the trace context (this gateway's
span when tracing, else the caller's `traceparent` passed on unchanged).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from contextvars import ContextVar

import httpx
from opentelemetry.trace import Span

from gateway.calls import UpstreamCall, current_call_log
from gateway.http.inflight import DEADLINE
from gateway.http.request_scope import current_scope
from gateway.http.retry import current_attempt
from gateway.metrics import observe_upstream
from gateway.telemetry.request import REQUEST_ID_HEADER, RequestRecord, current_request
from gateway.telemetry.tracing import end_upstream_span, start_upstream_span

logger = logging.getLogger(__name__)

# The event-loop time at which the current attempt's own timeout fires.
_attempt_deadline: ContextVar[float | None] = ContextVar("attempt_deadline", default=None)


@asynccontextmanager
async def bounded_attempt(timeout_s: float) -> AsyncIterator[None]:
    """`asyncio.timeout` that lets the record tell its cancellation from any other."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    token = _attempt_deadline.set(deadline)
    try:
        async with asyncio.timeout_at(deadline):
            yield
    finally:
        _attempt_deadline.reset(token)


def failure_kind(exc: BaseException) -> str:
    """How an exchange that got no answer is recorded: `timeout`, `cancelled` or its type."""
    if isinstance(exc, TimeoutError | httpx.TimeoutException):
        return "timeout"
    if isinstance(exc, asyncio.CancelledError):
        if exc.args == (DEADLINE,):
            # A shared read whose last waiter ran out of time (gateway.http.inflight).
            return "timeout"
        # asyncio's timeout works by cancelling: past the attempt's deadline it was a timeout;
        # otherwise the request's response went out and its calls were cancelled.
        # A token fetch inside an attempt may be cancelled by the enclosing attempt's timeout,
        # whose deadline (the request's) is the same instant as its own, give or take.
        deadline = _attempt_deadline.get()
        scope = current_scope.get()
        timed_out = (deadline is not None and asyncio.get_running_loop().time() >= deadline) or (
            scope is not None and scope.remaining() == 0.0
        )
        return "timeout" if timed_out else "cancelled"
    return type(exc).__name__


class RecordingTransport(httpx.AsyncBaseTransport):
    """Records every exchange (token fetches and redirects included) in the request's call log."""

    def __init__(self, inner: httpx.AsyncBaseTransport, source: str) -> None:
        self._inner = inner
        self._source = source

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        record = current_request.get()
        span: Span | None = None
        if record is not None:
            span = self._label(request, record)
        started = time.perf_counter()
        status: int | None = None
        error: str | None = None
        try:
            response = await self._inner.handle_async_request(request)
            status = response.status_code
            return response
        except BaseException as exc:
            error = failure_kind(exc)
            raise
        finally:
            if span is not None:
                end_upstream_span(span, status, error)
            self._record(request, started, status, error)

    def _label(self, request: httpx.Request, record: RequestRecord) -> Span | None:
        """The request id and trace context on the way out; the span, when tracing."""
        request.headers[REQUEST_ID_HEADER] = record.request_id
        if record.tracer is not None:
            return start_upstream_span(record.tracer, self._source, request, current_attempt.get())
        if record.trace_id is not None and record.traceparent is not None:
            request.headers["traceparent"] = record.traceparent
            if record.tracestate is not None:
                request.headers["tracestate"] = record.tracestate
        return None

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
        if not logger.isEnabledFor(logging.INFO):
            return
        logger.info(
            "upstream %s %s %s -> %s in %.1f ms",
            self._source,
            request.method,
            request.url.path,
            status if status is not None else error,
            duration_ms,
            extra={
                "event": "upstream_call",
                "source": self._source,
                "method": request.method,
                "path": request.url.path,
                "route": request.extensions.get("route"),
                "status": status,
                "error": error,
                "duration_ms": round(duration_ms, 1),
                "attempt": current_attempt.get(),
                "batch_size": batch_size if isinstance(batch_size, int) else None,
            },
        )

    async def aclose(self) -> None:
        await self._inner.aclose()
