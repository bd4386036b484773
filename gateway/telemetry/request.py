"""What one HTTP request is known by while it runs: its id, its trace, and what it did.

The middleware (`gateway.telemetry.middleware`) makes a `RequestRecord` current for the
request's whole life; the log handler reads its ids for every line, the upstream transport
its trace, and the layers above fill in what they learn (the operation, the caller, the cost
estimate, error codes) through the small `note_…` functions, which do nothing outside a request.
"""

from __future__ import annotations

import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from opentelemetry.trace import Span, Tracer

    from gateway.calls import CallLog

REQUEST_ID_HEADER = "x-request-id"
# A caller's id is kept when it is short and made of characters safe in a header, a log line
# and a URL (UUIDs, ULIDs, hex, base64url, `Root=1-…` forms); anything else is replaced.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:=/+@-]{1,128}")
# W3C Trace Context `traceparent`: version-traceid-parentid-flags (a later version may append).
_TRACEPARENT = re.compile(r"([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?")
_ZERO_TRACE = "0" * 32


def request_id_from(sent: str | None) -> str:
    """The caller's `X-Request-Id` when it is safe to log and echo, else a new one."""
    if sent is not None and _SAFE_REQUEST_ID.fullmatch(sent):
        return sent
    return uuid.uuid4().hex


def trace_id_of(traceparent: str | None) -> str | None:
    """The trace id of a valid `traceparent`, None for a missing or malformed one."""
    match = _TRACEPARENT.fullmatch(traceparent or "")
    if match is None or match[1] == "ff" or match[2] == _ZERO_TRACE or match[3] == "0" * 16:
        return None
    if match[1] == "00" and match[5]:
        return None
    return match[2]


@dataclass(frozen=True)
class Operation:
    """One GraphQL operation of the request (several only when batching is on)."""

    name: str | None
    type: str
    # Past parsing and validation: its name may then take a metric label of its own.
    executed: bool


@dataclass
class RequestRecord:
    """One HTTP request's ids, trace and outcome; read by logs, spans and metrics."""

    request_id: str
    # For log lines: this gateway's trace, or when it does not trace, the caller's.
    trace_id: str | None = None
    # The caller's trace context, passed on unchanged to upstreams when this gateway does
    # not trace (W3C Trace Context's rule for a participant that records nothing).
    traceparent: str | None = None
    tracestate: str | None = None
    tracer: Tracer | None = None
    span: Span | None = None
    operations: list[Operation] = field(default_factory=list)
    # Who asks (the identity's subject) and how it proved it; for whom (an end user).
    caller: str | None = None
    caller_method: str | None = None
    user: str | None = None
    client: str | None = None
    cost: float | None = None
    call_log: CallLog | None = None
    error_codes: list[str] = field(default_factory=list)
    status: int | None = None
    content_type: str = ""

    def add_operation(self, operation: Operation) -> None:
        self.operations.append(operation)

    def add_error_codes(self, codes: list[str]) -> None:
        for code in codes:
            if code not in self.error_codes:
                self.error_codes.append(code)


current_request: ContextVar[RequestRecord | None] = ContextVar("current_request", default=None)


def note_cost(estimate: float) -> None:
    """The cost estimate of the request's operation (its span and log line carry it)."""
    record = current_request.get()
    if record is None:
        return
    record.cost = estimate
    if record.span is not None:
        record.span.set_attribute("gateway.cost.estimate", estimate)


def note_caller(subject: str | None, method: str, user: str | None, client: str | None) -> None:
    """Who a WebSocket authenticated as, known before (and without) any operation it runs."""
    record = current_request.get()
    if record is None:
        return
    record.caller = subject
    record.caller_method = method
    record.user = user
    record.client = client or record.client


def note_error_code(code: str) -> None:
    """An error answered outside the schema (401, a refused body): its code reaches the log."""
    record = current_request.get()
    if record is not None:
        record.add_error_codes([code])
