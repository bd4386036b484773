"""OpenTelemetry traces, configured by the standard `OTEL_*` variables and off unless they ask.

Tracing is on when `OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`) or an OTLP
endpoint is set (`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), and
never with `OTEL_SDK_DISABLED=true`. The SDK reads the rest itself: the exporter's endpoint,
headers, timeout and compression, `OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`, the
sampler (`OTEL_TRACES_SAMPLER[_ARG]`), the batch processor (`OTEL_BSP_*`), and the propagators
(`OTEL_PROPAGATORS`). Off, nothing of the SDK is imported and no span object is ever built:
every hot-path check is `record.tracer is None`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from opentelemetry import propagate, trace
from opentelemetry.trace import SpanKind, Status, StatusCode

from gateway.telemetry.request import current_request

if TYPE_CHECKING:
    import httpx
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.trace import Span, Tracer

SERVICE_NAME = "work-gateway"
INSTRUMENTATION = "gateway"
EXPORTERS = frozenset({"otlp", "console", "none"})
# The OTLP exporter shipped is HTTP/protobuf (port 4318); gRPC would bring grpcio along.
PROTOCOL = "http/protobuf"


class TracingConfigError(ValueError):
    """`OTEL_*` variables this gateway cannot honour; the message names the variable."""


def exporters_from(environ: Mapping[str, str]) -> tuple[str, ...]:
    """The span exporters the environment asks for; empty means tracing is off."""
    if environ.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return ()
    named = environ.get("OTEL_TRACES_EXPORTER")
    if named is None:
        endpoint = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") or environ.get(
            "OTEL_EXPORTER_OTLP_ENDPOINT"
        )
        chosen: tuple[str, ...] = ("otlp",) if endpoint else ()
    else:
        chosen = tuple(n.strip().lower() for n in named.split(",") if n.strip())
        unknown = sorted(set(chosen) - EXPORTERS)
        if unknown:
            raise TracingConfigError(
                f"OTEL_TRACES_EXPORTER={named}: {', '.join(unknown)} is not available"
                " (otlp, console or none)"
            )
    protocol = environ.get("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL") or environ.get(
        "OTEL_EXPORTER_OTLP_PROTOCOL", PROTOCOL
    )
    if "otlp" in chosen and protocol != PROTOCOL:
        raise TracingConfigError(
            f"OTEL_EXPORTER_OTLP_PROTOCOL={protocol}: only {PROTOCOL} is available (the"
            " collector's HTTP port, usually 4318)"
        )
    return tuple(n for n in chosen if n != "none")


@dataclass
class Tracing:
    """One process's tracer: built from the environment at start-up, flushed at shutdown."""

    exporters: tuple[str, ...] = ()
    provider: TracerProvider | None = None
    tracer: Tracer | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Tracing:
        """Checks the variables now (start-up refuses bad ones); `start()` builds the SDK."""
        return cls(exporters=exporters_from(os.environ if environ is None else environ))

    @classmethod
    def using(cls, provider: TracerProvider) -> Tracing:
        """A provider made elsewhere (the tests' in-memory exporter)."""
        return cls(provider=provider, tracer=provider.get_tracer(INSTRUMENTATION))

    def start(self) -> None:
        if self.tracer is not None or not self.exporters:
            return
        self.provider = _provider(self.exporters)
        self.tracer = self.provider.get_tracer(INSTRUMENTATION)

    def shutdown(self) -> None:
        """Exports what is still buffered; the process's spans end here."""
        if self.provider is not None and self.exporters:
            self.provider.shutdown()
            self.tracer = None


def _provider(exporters: tuple[str, ...]) -> TracerProvider:
    from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter

    named = "OTEL_SERVICE_NAME" in os.environ or "service.name=" in os.environ.get(
        "OTEL_RESOURCE_ATTRIBUTES", ""
    )
    provider = TracerProvider(
        resource=Resource.create({} if named else {"service.name": SERVICE_NAME})
    )
    for name in exporters:
        exporter = OTLPSpanExporter() if name == "otlp" else ConsoleSpanExporter()
        provider.add_span_processor(BatchSpanProcessor(exporter))
    return provider


# -- spans of upstream calls ---------------------------------------------------------------------


def start_upstream_span(
    tracer: Tracer, source: str, request: httpx.Request, attempt: int, *, shared: bool = False
) -> Span:
    """A CLIENT span for one exchange, its context injected into the request's headers.

    Named by the route template the client filled (`GET /api/v1/send-tasks/{task_id}`), never
    the raw path: ids stay out of span names, and the query string (keys) out of everything.
    """
    route = request.extensions.get("route") or request.url.path
    attributes: dict[str, str | int | bool] = {
        "http.request.method": request.method,
        "url.template": route,
        "server.address": request.url.host,
        "gateway.upstream.source": source,
        "gateway.upstream.attempt": attempt,
        "gateway.cache.hit": shared or bool(request.extensions.get("cache_hit", False)),
    }
    if shared:
        attributes["gateway.upstream.shared"] = True
    if request.url.port is not None:
        attributes["server.port"] = request.url.port
    if attempt > 1:
        attributes["http.request.resend_count"] = attempt - 1
    batch_size = request.extensions.get("batch_size")
    if isinstance(batch_size, int):
        attributes["gateway.upstream.batch_size"] = batch_size
    span = tracer.start_span(
        f"{request.method} {route}", kind=SpanKind.CLIENT, attributes=attributes
    )
    propagate.inject(request.headers, context=trace.set_span_in_context(span))
    return span


@contextmanager
def shared_read_span(source: str, request: httpx.Request) -> Iterator[None]:
    """A read that joins an identical one in flight (`gateway.http.inflight`) makes no exchange
    of its own: while tracing, its span is marked a cache hit and lasts as long as the wait."""
    record = current_request.get()
    if record is None or record.tracer is None:
        yield
        return
    span = start_upstream_span(record.tracer, source, request, 1, shared=True)
    error: str | None = None
    try:
        yield
    except BaseException as exc:
        error = type(exc).__name__
        raise
    finally:
        end_upstream_span(span, None, error)


def end_upstream_span(span: Span, status: int | None, error: str | None) -> None:
    if status is not None:
        span.set_attribute("http.response.status_code", status)
    if error is not None or (status is not None and status >= 400):
        kind = error or str(status)
        span.set_attribute("error.type", kind)
        span.set_status(Status(StatusCode.ERROR, kind))
    span.end()
