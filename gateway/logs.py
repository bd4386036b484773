"""The process's log set-up, the same for `gateway serve`, every worker and `gateway sandbox`.

One handler on the root logger formats every record, the gateway's and every library's
(uvicorn's included: it is served with `log_config=None`, so its loggers propagate here):
as text (`LEVEL logger [request id]: message`) or as one JSON object per line
(`GATEWAY_LOG_FORMAT=json`, the production default). Each line passes the redactor
(`gateway.telemetry.redaction`) last, so no secret reaches the output at any level, and lines
logged while a request runs carry its request id and trace id.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any, Literal, TextIO

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from gateway.telemetry.redaction import REDACTOR, ReceivedFrames, Redactor
from gateway.telemetry.request import current_request

LogFormat = Literal["text", "json"]


class RequestIds(logging.Filter):
    """Adds `request_id` and `trace_id` to records logged while a request runs."""

    def filter(self, record: logging.LogRecord) -> bool:
        current = current_request.get()
        if current is not None:
            record.request_id = current.request_id
            if current.trace_id is not None:
                record.trace_id = current.trace_id
        return True


class TextFormatter(logging.Formatter):
    def __init__(self, redactor: Redactor) -> None:
        super().__init__("%(levelname)s %(name)s%(ids)s: %(message)s")
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        request_id = getattr(record, "request_id", None)
        record.ids = f" [{request_id}]" if request_id else ""
        return self.redactor.redact(super().format(record))


class JsonLineFormatter(JsonFormatter):
    """`time level logger message pid`, then the record's extra fields, in one JSON object."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(message)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
            # uvicorn's copy of the message with terminal colour codes.
            reserved_attrs=[*RESERVED_ATTRS, "color_message"],
        )
        self.redactor = redactor

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        super().add_fields(log_data, record, message_dict)
        # Which worker wrote the line: the workers of one `gateway serve` share one output.
        # (logging's own `process` is off: configure_logging turns logProcesses off.)
        log_data["pid"] = os.getpid()

    def format(self, record: logging.LogRecord) -> str:
        return self.redactor.redact(super().format(record))


def configure_logging(
    level: str, log_format: LogFormat = "text", *, stream: TextIO | None = None
) -> None:
    """(Re)install the gateway's handler on the root logger; other handlers are left alone."""
    handler = logging.StreamHandler(stream or sys.stderr)
    formatter: logging.Formatter = (
        JsonLineFormatter(REDACTOR) if log_format == "json" else TextFormatter(REDACTOR)
    )
    handler.setFormatter(formatter)
    handler.addFilter(RequestIds())
    handler.addFilter(ReceivedFrames())
    handler.set_name(HANDLER_NAME)
    root = logging.getLogger()
    for existing in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(existing)
    root.addHandler(handler)
    root.setLevel(level)
    # No format shows the caller's file and line, thread or process: not worked out for every
    # record (the logging HOWTO's "Optimization"; a stack walk per line, bench/RESULTS.md).
    logging._srcfile = None
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    # httpx logs every request's full URL, query included, at INFO; the gateway's own upstream
    # log line carries the path only (gateway.http), so httpx is heard from on warnings only.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        # Through the root handler (formatted, redacted), not handlers of their own.
        _through_root(logging.getLogger(name))


def _through_root(logger: logging.Logger) -> None:
    for existing in list(logger.handlers):
        logger.removeHandler(existing)
    logger.propagate = True


HANDLER_NAME = "gateway"


def uvicorn_options(level: str) -> dict[str, Any]:
    """uvicorn.run's logging options: its lines go through the gateway's handler."""
    return {"log_config": None, "log_level": level.lower()}
