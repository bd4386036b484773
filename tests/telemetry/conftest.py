"""A gateway whose spans land in memory, and the gateway's own log handler writing to a buffer."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

from gateway.logs import HANDLER_NAME, LogFormat, configure_logging
from gateway.telemetry import Tracing
from tests.conftest import Gateway, MakeGateway, sandbox_settings

# One query that reaches all five sources: the cross-source queue (limbo/Beat, Interchange,
# Blueworks, Vionlabs) and Xandr's lists, with token fetches, a redirect and ids in paths.
CROSS_SOURCE = (
    "query Dashboard { tasks(first: 3) { edges { node { __typename } } }"
    " inventoryLists(first: 1) { totalCount } }"
)
CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c"
CALLER_SPAN = "b7ad6b7169203331"
CALLER_TRACEPARENT = f"00-{CALLER_TRACE}-{CALLER_SPAN}-01"


class Spans:
    """The spans a gateway finished, kept in memory."""

    def __init__(self) -> None:
        self.exporter = InMemorySpanExporter()
        provider = TracerProvider()
        provider.add_span_processor(SimpleSpanProcessor(self.exporter))
        self.tracing = Tracing.using(provider)

    def finished(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())


@pytest.fixture
def spans() -> Spans:
    return Spans()


@pytest.fixture
async def traced(make_gateway: MakeGateway, spans: Spans) -> Gateway:
    gw: Gateway = await make_gateway(sandbox_settings(), tracing=spans.tracing)
    return gw


class LogBuffer:
    """What the gateway's own handler (format, request ids, redaction) wrote."""

    def __init__(self) -> None:
        self.stream = io.StringIO()

    def text(self) -> str:
        return self.stream.getvalue()

    def records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.text().splitlines() if line.strip()]


@pytest.fixture
def gateway_log() -> Iterator[Callable[..., LogBuffer]]:
    """Installs the gateway's handler on a buffer; the previous logging set-up comes back after."""
    root = logging.getLogger()
    saved_level = root.level
    saved = {name: logging.getLogger(name).level for name in ("httpx", "httpcore")}

    def install(level: str = "INFO", log_format: LogFormat = "json") -> LogBuffer:
        buffer = LogBuffer()
        configure_logging(level, log_format, stream=buffer.stream)
        return buffer

    yield install
    for handler in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(handler)
    root.setLevel(saved_level)
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)
