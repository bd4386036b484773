"""Tracing follows the standard `OTEL_*` variables: off by default, OTLP over HTTP when asked."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest

from gateway.telemetry.tracing import exporters_from
from tests.processes import Served, clean_env, free_port, gateway_command


@pytest.mark.parametrize(
    ("environ", "exporters"),
    [
        ({}, ()),
        ({"OTEL_SERVICE_NAME": "gw"}, ()),
        ({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}, ("otlp",)),
        ({"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://c:4318/v1/traces"}, ("otlp",)),
        ({"OTEL_TRACES_EXPORTER": "console"}, ("console",)),
        ({"OTEL_TRACES_EXPORTER": "otlp,console"}, ("otlp", "console")),
        ({"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://c:4318"}, ()),
        ({"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "otlp"}, ()),
    ],
)
def test_tracing_is_off_unless_the_environment_asks(
    environ: dict[str, str], exporters: tuple[str, ...]
) -> None:
    assert exporters_from(environ) == exporters


@pytest.mark.parametrize(
    ("variable", "value", "named"),
    [
        ("OTEL_TRACES_EXPORTER", "zipkin", "OTEL_TRACES_EXPORTER=zipkin"),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc", "OTEL_EXPORTER_OTLP_PROTOCOL=grpc"),
    ],
)
def test_serve_refuses_what_it_cannot_export_in_one_line(
    variable: str, value: str, named: str
) -> None:
    env = clean_env(OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:9", **{variable: value})

    command = gateway_command("serve", "--sandbox", "--port", str(free_port()))
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603

    assert result.returncode == 2
    assert result.stderr.startswith(f"configuration error: {named}: ")
    assert len(result.stderr.strip().splitlines()) == 1


class Collector(BaseHTTPRequestHandler):
    """An OTLP/HTTP trace receiver: keeps each export request it is sent."""

    received: list[ExportTraceServiceRequest] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.path == "/v1/traces":
            self.received.append(ExportTraceServiceRequest.FromString(body))
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def collector() -> Iterator[tuple[str, list[ExportTraceServiceRequest]]]:
    received: list[ExportTraceServiceRequest] = []
    handler = type("Receiver", (Collector,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", received
    server.shutdown()
    server.server_close()


def test_spans_reach_an_otlp_collector_named_by_the_standard_variables(
    collector: tuple[str, list[ExportTraceServiceRequest]], tmp_path: Path
) -> None:
    endpoint, received = collector
    port = free_port()
    env = clean_env(OTEL_EXPORTER_OTLP_ENDPOINT=endpoint, OTEL_BSP_SCHEDULE_DELAY="50")
    served = Served(
        gateway_command("serve", "--sandbox", "--port", str(port)), port, tmp_path, env
    ).wait_healthy()
    try:
        response = httpx.post(
            f"{served.base}/graphql",
            json={"query": "query Exported { sendTasks(first: 1) { totalCount } }"},
            timeout=10,
        )
        assert response.status_code == 200
    finally:
        # Shutting down flushes what the batch processor still holds.
        served.stop()

    resources = [r for request in received for r in request.resource_spans]
    names = {s.name for r in resources for scope in r.scope_spans for s in scope.spans}
    services = {
        a.value.string_value
        for r in resources
        for a in r.resource.attributes
        if a.key == "service.name"
    }
    assert services == {"work-gateway"}
    assert {"query Exported", "POST /oauth/token", "GET /api/v1/send-tasks"} <= names
