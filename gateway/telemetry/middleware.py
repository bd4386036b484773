"""Every HTTP request gets an id, and every GraphQL request a span, a log line and its metrics.

A WebSocket to the GraphQL path is one connection, not one request: `connections` gives it its
record and its own line when it closes.

A plain ASGI middleware (no `BaseHTTPMiddleware`: that runs the app in another task, and costs
more), so the `RequestRecord` it makes current is seen by everything the request runs: the
schema extension, loaders' batch tasks and the upstream transport.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.metrics import GRAPHQL_IN_FLIGHT, observe_graphql_request
from gateway.telemetry.connections import serve_connection
from gateway.telemetry.operations import OperationNames, safe_name
from gateway.telemetry.request import (
    REQUEST_ID_HEADER,
    RequestRecord,
    current_request,
    request_id_from,
    trace_id_of,
)
from gateway.telemetry.tracing import Tracing

logger = logging.getLogger("gateway.requests")

_REQUEST_ID = REQUEST_ID_HEADER.encode()


class TelemetryMiddleware:
    """Request ids on every response; span, log line and metrics for GraphQL requests."""

    def __init__(
        self, app: ASGIApp, *, tracing: Tracing, names: OperationNames, graphql_path: str
    ) -> None:
        self.app = app
        self.tracing = tracing
        self.names = names
        self.graphql_path = graphql_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and scope["path"].rstrip("/") == self.graphql_path:
            await serve_connection(self.app, scope, receive, send, _headers(scope))
            return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        record = RequestRecord(
            request_id=request_id_from(headers.get(REQUEST_ID_HEADER)),
            traceparent=headers.get("traceparent"),
            tracestate=headers.get("tracestate"),
            tracer=self.tracing.tracer,
            client=scope["client"][0] if scope.get("client") else None,
        )
        token = current_request.set(record)
        try:
            if scope["path"].rstrip("/") != self.graphql_path:
                await self.app(scope, receive, _with_request_id(send, record))
            else:
                await self._graphql(scope, receive, send, record, headers)
        finally:
            current_request.reset(token)

    async def _graphql(
        self, scope: Scope, receive: Receive, send: Send, record: RequestRecord, headers: Any
    ) -> None:
        started = time.perf_counter()
        GRAPHQL_IN_FLIGHT.inc()
        try:
            if record.tracer is None:
                record.trace_id = trace_id_of(record.traceparent)
                await self.app(scope, receive, _with_request_id(send, record))
            else:
                await self._traced(scope, receive, send, record, headers)
        except BaseException:
            record.status = 500
            raise
        finally:
            GRAPHQL_IN_FLIGHT.dec()
            self._finish(record, time.perf_counter() - started)

    async def _traced(
        self, scope: Scope, receive: Receive, send: Send, record: RequestRecord, headers: Any
    ) -> None:
        assert record.tracer is not None
        method = scope["method"]
        span = record.tracer.start_span(
            f"{method} {self.graphql_path}",
            context=propagate.extract(headers),
            kind=SpanKind.SERVER,
            attributes={
                "http.request.method": method,
                "url.path": scope["path"],
                "http.route": self.graphql_path,
                "gateway.request_id": record.request_id,
            },
        )
        record.span = span
        record.trace_id = format(span.get_span_context().trace_id, "032x")
        # The request's errors are GraphQL errors (in the body); a raised exception is a bug,
        # recorded on the span here and answered 500 by Starlette.
        with trace.use_span(span, end_on_exit=True, record_exception=True):
            await self.app(scope, receive, _with_request_id(send, record))
            if record.status is not None:
                span.set_attribute("http.response.status_code", record.status)
                if record.status >= 500:
                    span.set_status(Status(StatusCode.ERROR, str(record.status)))

    def _finish(self, record: RequestRecord, seconds: float) -> None:
        # GraphiQL's page is served on the same path; it is no GraphQL request.
        if record.content_type.startswith("text/html"):
            return
        # No answer and nothing parsed: the client went before its request was in (the slow-
        # client guard dropped it and logged its own line); no request ran to report.
        if record.status is None and not record.operations:
            return
        name, kind = self.names.labels(record.operations)
        observe_graphql_request(name, kind, seconds)
        log_request(record, seconds)


def log_request(record: RequestRecord, seconds: float) -> None:
    """The request's one line: what ran, for whom, how long, which upstream calls, which errors."""
    if not logger.isEnabledFor(logging.INFO):
        return
    operations = [f"{op.type} {safe_name(op.name) or 'anonymous'}" for op in record.operations] or [
        "no operation"
    ]
    by_source = record.call_log.summary() if record.call_log is not None else {}
    calls = sum(by_source.values())
    logger.info(
        "graphql %s -> %s in %.1f ms, %d upstream call%s%s",
        ", ".join(operations),
        record.status,
        seconds * 1000,
        calls,
        "" if calls == 1 else "s",
        f", errors {' '.join(record.error_codes)}" if record.error_codes else "",
        extra={
            "event": "graphql_request",
            "operation_name": ",".join(safe_name(op.name) or "" for op in record.operations)
            or None,
            "operation_type": ",".join(op.type for op in record.operations) or None,
            "caller": record.caller,
            "caller_method": record.caller_method,
            "user": record.user,
            "client": record.client,
            "status": record.status,
            "duration_ms": round(seconds * 1000, 1),
            "upstream_calls": calls,
            "upstream_calls_by_source": by_source,
            "error_codes": record.error_codes,
            "cost": record.cost,
        },
    )


def _headers(scope: Scope) -> dict[str, str]:
    """The request headers the telemetry reads (lower-cased names, first value of each)."""
    wanted = {b"x-request-id", b"traceparent", b"tracestate"}
    found: dict[str, str] = {}
    for name, value in scope["headers"]:
        if name in wanted and name.decode() not in found:
            found[name.decode()] = value.decode("latin-1")
    return found


def _with_request_id(send: Send, record: RequestRecord) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            record.status = message["status"]
            headers = list(message.get("headers", ()))
            for name, value in headers:
                if name.lower() == b"content-type":
                    record.content_type = value.decode("latin-1")
            headers.append((_REQUEST_ID, record.request_id.encode()))
            message = {**message, "headers": headers}
        await send(message)

    return sending
