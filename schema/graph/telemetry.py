"""The GraphQL side of a request's telemetry: its operation, caller, outcome, and span.

Runs first among the extensions, so it sees the result last, after `GatewayErrors` has given
every error its code. It fills the request's record (`gateway.telemetry`), which the HTTP
middleware turns into the request's log line and metrics; when tracing, the request's span is
named after the operation and carries what a trace viewer needs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack

from opentelemetry import trace
from opentelemetry.trace import Span, Status, StatusCode
from strawberry.extensions import SchemaExtension

from gateway.context import GatewayContext
from gateway.telemetry.operations import safe_name
from gateway.telemetry.request import Operation, RequestRecord, current_request

# Codes that say the gateway or an upstream failed (the span's status turns to error); the
# others (bad input, refused callers, a write the upstream refused) are the caller's doing.
_FAILURES = frozenset({"INTERNAL_SERVER_ERROR", "SOURCE_NOT_CONFIGURED"})


def is_failure(code: str) -> bool:
    return code in _FAILURES or (code.startswith("UPSTREAM_") and code != "UPSTREAM_REJECTED")


class OperationTelemetry(SchemaExtension):
    """Fills the request's record and span with its operation, caller, calls and error codes."""

    def __init__(self) -> None:
        self.executed = False

    def on_execute(self) -> Iterator[None]:
        # Reached only past parsing and validation.
        self.executed = True
        yield

    def on_operation(self) -> Iterator[None]:
        record = current_request.get()
        if record is None:
            # Neither over HTTP nor over a WebSocket (a direct schema call).
            yield
            return
        with ExitStack() as stack:
            span = self._span(record, stack)
            try:
                yield
            finally:
                # Also when a stream ends early: an SSE client that goes away closes it here.
                self._finish(record, span)

    def _span(self, record: RequestRecord, stack: ExitStack) -> Span | None:
        """The request's server span; a child span per operation after the first (batches)."""
        if record.tracer is None or record.span is None:
            return None
        if not record.operations:
            return record.span
        span = record.tracer.start_span("graphql operation")
        stack.enter_context(trace.use_span(span, end_on_exit=True))
        return span

    def _finish(self, record: RequestRecord, span: Span | None) -> None:
        context = self.execution_context.context
        operation = Operation(self.execution_context.operation_name, self._type(), self.executed)
        record.add_operation(operation)
        if isinstance(context, GatewayContext):
            identity = context.identity
            record.caller = identity.subject
            record.caller_method = identity.method
            record.user = identity.user
            record.client = identity.client or record.client
            record.call_log = context.call_log
        result = self.execution_context.result
        codes = [
            code
            for error in (getattr(result, "errors", None) or ())
            if isinstance(code := (error.extensions or {}).get("code"), str)
        ]
        record.add_error_codes(codes)
        if span is not None:
            _describe(span, record, operation, codes)

    def _type(self) -> str:
        try:
            return self.execution_context.operation_type.value
        except RuntimeError:
            # Not parsed, or the document has no operation of the name asked for.
            return "unknown"


def _describe(span: Span, record: RequestRecord, operation: Operation, codes: list[str]) -> None:
    name = safe_name(operation.name)
    span.update_name(f"{operation.type} {name}" if name else operation.type)
    span.set_attribute("graphql.operation.type", operation.type)
    if name:
        span.set_attribute("graphql.operation.name", name)
    if record.caller is not None:
        span.set_attribute("enduser.id", record.caller)
    if record.caller_method is not None:
        span.set_attribute("gateway.caller.method", record.caller_method)
    if record.cost is not None:
        span.set_attribute("gateway.cost.estimate", record.cost)
    if record.call_log is not None:
        span.set_attribute("gateway.upstream.calls", len(record.call_log.calls))
    if codes:
        span.set_attribute("gateway.graphql.error_codes", codes)
        failed = [code for code in codes if is_failure(code)]
        if failed:
            span.set_status(Status(StatusCode.ERROR, failed[0]))
