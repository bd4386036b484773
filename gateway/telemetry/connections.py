"""One log line per WebSocket connection to `/graphql`, written when it closes.

A dashboard's WebSocket is one long connection carrying many subscriptions, not one request, so
it gets a line of its own (`"event": "graphql_websocket"`): who it was, how long it lived, what
it ran, and how it ended. Its `ConnectionRecord` is current for the connection's whole life, so
every line logged meanwhile (a refusal, an operation's errors, its upstream calls) carries the
connection's request id, and the record's counts stay bounded however long it runs.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Literal

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.metrics import observe_websocket_closed
from gateway.telemetry.operations import safe_name
from gateway.telemetry.request import (
    REQUEST_ID_HEADER,
    Operation,
    RequestRecord,
    current_request,
    request_id_from,
    trace_id_of,
)

logger = logging.getLogger("gateway.requests")

_REQUEST_ID = REQUEST_ID_HEADER.encode()
# Distinct operation names one line lists; a long-lived connection may run any number.
MAX_NAMES = 20


@dataclass
class ConnectionRecord(RequestRecord):
    """A WebSocket's record: operations counted, not kept, and how the connection ended."""

    accepted: bool = False
    operation_count: int = 0
    subscription_count: int = 0
    operation_names: list[str] = field(default_factory=list)
    close_code: int | None = None
    close_reason: str = ""
    closed_by: Literal["gateway", "client"] | None = None

    def add_operation(self, operation: Operation) -> None:
        self.operation_count += 1
        if operation.type == "subscription":
            self.subscription_count += 1
        name = safe_name(operation.name)
        if name and name not in self.operation_names and len(self.operation_names) < MAX_NAMES:
            self.operation_names.append(name)

    def closed(self, message: Message, by: Literal["gateway", "client"], default: int) -> None:
        """The first close seen decides: the other side's answer to it says nothing new."""
        if self.closed_by is None:
            self.closed_by = by
            self.close_code = int(message.get("code") or default)
            self.close_reason = printable(message.get("reason") or "")


def printable(text: str) -> str:
    """A client's close reason is its own text: no line breaks or controls reach a text log."""
    return "".join(c if c.isprintable() else "?" for c in str(text))


async def serve_connection(
    app: ASGIApp, scope: Scope, receive: Receive, send: Send, headers: dict[str, str]
) -> None:
    """Runs one WebSocket connection under its record; its line is written when it ends."""
    traceparent = headers.get("traceparent")
    record = ConnectionRecord(
        request_id=request_id_from(headers.get(REQUEST_ID_HEADER)),
        trace_id=trace_id_of(traceparent),
        traceparent=traceparent,
        tracestate=headers.get("tracestate"),
        client=scope["client"][0] if scope.get("client") else None,
    )

    async def receiving() -> Message:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            # The client closed, or the connection was lost (1006) or cut at shutdown (1012).
            record.closed(message, "client", 1005)
        return message

    async def sending(message: Message) -> None:
        if message["type"] == "websocket.accept":
            record.accepted = True
            # As on every HTTP response: the id a support ticket quotes to find this line.
            headers = [*message.get("headers", ()), (_REQUEST_ID, record.request_id.encode())]
            message = {**message, "headers": headers}
        elif message["type"] == "websocket.close":
            record.closed(message, "gateway", 1000)
        await send(message)

    token = current_request.set(record)
    started = time.perf_counter()
    try:
        await app(scope, receiving, sending)
    except BaseException:
        # The server closes a connection whose app failed with 1011 (internal error).
        record.closed({"code": 1011}, "gateway", 1011)
        raise
    finally:
        observe_websocket_closed(record.close_code)
        log_connection(record, time.perf_counter() - started)
        current_request.reset(token)


def log_connection(record: ConnectionRecord, seconds: float) -> None:
    """The connection's one line: who, how long, which operations, how it closed."""
    if not logger.isEnabledFor(logging.INFO):
        return
    names = f": {', '.join(record.operation_names)}" if record.operation_names else ""
    ending = "ended"
    if record.closed_by is not None:
        ending = f"closed {record.close_code} by {record.closed_by}"
        ending += f" ({record.close_reason})" if record.close_reason else ""
    logger.info(
        "graphql websocket %s%s after %.1f s, %d subscription%s%s%s",
        "" if record.accepted else "refused at the handshake, ",
        ending,
        seconds,
        record.subscription_count,
        "" if record.subscription_count == 1 else "s",
        names,
        f", errors {' '.join(record.error_codes)}" if record.error_codes else "",
        extra={
            "event": "graphql_websocket",
            "caller": record.caller,
            "caller_method": record.caller_method,
            "user": record.user,
            "client": record.client,
            "accepted": record.accepted,
            "duration_ms": round(seconds * 1000, 1),
            "subscriptions": record.subscription_count,
            "operations": record.operation_count,
            "operation_names": record.operation_names,
            "close_code": record.close_code,
            "close_reason": record.close_reason,
            "closed_by": record.closed_by,
            "error_codes": record.error_codes,
        },
    )
