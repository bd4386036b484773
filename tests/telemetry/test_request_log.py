"""One log line per GraphQL request and one per upstream call, tied by request id and trace id."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from opentelemetry.trace import SpanKind

from tests.conftest import Gateway, as_user, calls, sandbox_settings
from tests.live.client import LiveServer
from tests.telemetry.conftest import (
    CALLER_TRACE,
    CALLER_TRACEPARENT,
    CROSS_SOURCE,
    LogBuffer,
    Spans,
)

InstallLog = Callable[..., LogBuffer]


async def test_one_request_logs_a_json_line_and_one_per_upstream_call(
    traced: Gateway, spans: Spans, gateway_log: InstallLog
) -> None:
    log = gateway_log("INFO", "json")

    response = await traced.http.post(
        "/graphql",
        json={"query": CROSS_SOURCE},
        headers={
            "x-request-id": "dash-7",
            "x-gateway-debug": "calls",
            **as_user("demo@example.com"),
        },
    )

    made = calls(response.json())
    records = log.records()
    (request,) = [r for r in records if r.get("event") == "graphql_request"]
    upstream = [r for r in records if r.get("event") == "upstream_call"]
    (server,) = [s for s in spans.finished() if s.kind == SpanKind.SERVER]
    trace_id = format(server.context.trace_id, "032x")
    assert request["logger"] == "gateway.requests" and request["level"] == "INFO"
    assert request["request_id"] == "dash-7" and request["trace_id"] == trace_id
    assert request["operation_name"] == "Dashboard" and request["operation_type"] == "query"
    assert request["caller"] == "demo@example.com" and request["caller_method"] == "jwt"
    assert request["status"] == 200 and request["error_codes"] == []
    assert request["upstream_calls"] == len(made) == len(upstream)
    assert (
        request["upstream_calls_by_source"]
        == response.json()["extensions"]["upstreamCalls"]["bySource"]
    )
    assert 0 < request["duration_ms"] < 10_000
    assert request["time"].endswith("+00:00")
    for line in upstream:
        assert line["request_id"] == "dash-7" and line["trace_id"] == trace_id
        assert line["route"] and "?" not in line["path"]
        assert {"source", "method", "status", "duration_ms", "attempt"} <= set(line)
    assert [(u["source"], u["path"]) for u in upstream] == [(c["source"], c["path"]) for c in made]
    assert response.headers["x-request-id"] == "dash-7"


async def test_error_codes_and_the_callers_trace_id_reach_the_line_without_tracing(
    gateway: Gateway, gateway_log: InstallLog
) -> None:
    log = gateway_log("INFO", "json")
    await gateway.fault("limbobeat", status=503, path_prefix="/api")

    await gateway.gql(
        "{ sendTasks(first: 1) { totalCount } }", headers={"traceparent": CALLER_TRACEPARENT}
    )

    (request,) = [r for r in log.records() if r.get("event") == "graphql_request"]
    assert request["error_codes"] == ["UPSTREAM_UNAVAILABLE"]
    assert request["operation_name"] is None and request["operation_type"] == "query"
    assert request["trace_id"] == CALLER_TRACE
    attempts = [r["attempt"] for r in log.records() if r.get("event") == "upstream_call"]
    assert attempts[-3:] == [1, 2, 3]


async def test_a_refused_caller_is_logged_with_its_code(
    gateway: Gateway, gateway_log: InstallLog
) -> None:
    log = gateway_log("INFO", "json")

    response = await gateway.http.post(
        "/graphql",
        json={"query": "{ sendTasks(first: 1) { totalCount } }"},
        headers={"Authorization": "Bearer not-a-token"},
    )

    assert response.status_code == 401
    (request,) = [r for r in log.records() if r.get("event") == "graphql_request"]
    assert request["status"] == 401 and request["error_codes"] == ["UNAUTHENTICATED"]
    assert request["operation_type"] is None and request["upstream_calls"] == 0
    assert request["request_id"] == response.headers["x-request-id"]
    assert "not-a-token" not in log.text()


async def test_text_lines_carry_the_request_id(gateway: Gateway, gateway_log: InstallLog) -> None:
    log = gateway_log("INFO", "text")

    await gateway.gql(
        "query One { sendTasks(first: 1) { totalCount } }", headers={"x-request-id": "r-1"}
    )

    lines = log.text().splitlines()
    assert "INFO gateway.requests [r-1]: graphql query One -> 200 in " in "\n".join(lines)
    assert any(
        line.startswith("INFO gateway.http.recording [r-1]: upstream limbobeat") for line in lines
    )


async def test_the_graphiql_page_is_not_a_graphql_request(
    gateway: Gateway, gateway_log: InstallLog
) -> None:
    log = gateway_log("INFO", "json")

    page = await gateway.http.get("/graphql", headers={"accept": "text/html"})

    assert page.status_code == 200 and page.headers["x-request-id"]
    assert [r for r in log.records() if r.get("event") == "graphql_request"] == []


async def test_a_body_refused_before_any_operation_is_logged_with_its_code(
    gateway: Gateway, gateway_log: InstallLog
) -> None:
    log = gateway_log("INFO", "json")

    response = await gateway.http.post(
        "/graphql", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 400
    (request,) = [r for r in log.records() if r.get("event") == "graphql_request"]
    code = response.json()["errors"][0]["extensions"]["code"]
    assert request["status"] == 400 and request["error_codes"] == [code]
    assert request["operation_type"] is None


async def test_an_event_stream_the_client_leaves_is_logged_with_its_operation_and_caller(
    gateway_log: InstallLog,
) -> None:
    log = gateway_log("INFO", "json")
    server = await LiveServer(sandbox_settings()).start()
    query = 'subscription Watch { sendTaskChanged(ids: ["U2VuZFRhc2s6NTAwMQ=="]) { __typename } }'
    headers = {"accept": "text/event-stream", **as_user("demo@example.com")}
    try:
        async with server.http.stream(
            "POST", "/graphql", json={"query": query}, headers=headers
        ) as response:
            assert await anext(response.aiter_lines()) == "event: next"
        # The client went away mid-stream, as a dashboard's tab closes: the line is still whole.
        for _ in range(100):
            lines = [r for r in log.records() if r.get("event") == "graphql_request"]
            if lines:
                break
            await asyncio.sleep(0.05)
    finally:
        await server.stop()

    (request,) = lines
    assert request["operation_name"] == "Watch" and request["operation_type"] == "subscription"
    assert request["caller"] == "demo@example.com" and request["caller_method"] == "jwt"
