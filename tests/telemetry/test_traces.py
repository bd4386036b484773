"""One GraphQL request is one server span, with a client span for each upstream exchange."""

from __future__ import annotations

import asyncio
from collections import Counter

from opentelemetry.sdk.trace import ReadableSpan
from opentelemetry.trace import SpanKind, StatusCode

from tests.conftest import Gateway, calls
from tests.telemetry.conftest import (
    CALLER_SPAN,
    CALLER_TRACE,
    CALLER_TRACEPARENT,
    CROSS_SOURCE,
    Spans,
)


def attribute(span: ReadableSpan, name: str) -> object:
    assert span.attributes is not None
    return span.attributes.get(name)


def of_kind(spans: list[ReadableSpan], kind: SpanKind) -> list[ReadableSpan]:
    return [s for s in spans if s.kind == kind]


async def test_a_cross_source_query_is_one_server_span_over_a_span_per_upstream_call(
    traced: Gateway, spans: Spans
) -> None:
    body = await traced.gql(CROSS_SOURCE, headers={"traceparent": CALLER_TRACEPARENT})

    assert "errors" not in body
    finished = spans.finished()
    (server,) = of_kind(finished, SpanKind.SERVER)
    clients = of_kind(finished, SpanKind.CLIENT)
    assert len(finished) == 1 + len(clients)
    # The caller's trace goes on: same trace id, the caller's span as parent.
    assert format(server.context.trace_id, "032x") == CALLER_TRACE
    assert server.parent is not None and format(server.parent.span_id, "016x") == CALLER_SPAN
    assert server.name == "query Dashboard"
    assert attribute(server, "graphql.operation.name") == "Dashboard"
    assert attribute(server, "graphql.operation.type") == "query"
    assert attribute(server, "gateway.caller.method") == "anonymous"
    assert attribute(server, "http.response.status_code") == 200
    assert attribute(server, "gateway.upstream.calls") == len(calls(body))
    # Every exchange the call log lists is a child of the request's span, source by source.
    for span in clients:
        assert span.parent is not None and span.parent.span_id == server.context.span_id
        assert span.context.trace_id == server.context.trace_id
    logged = Counter(c["source"] for c in calls(body))
    traced_sources = Counter(attribute(s, "gateway.upstream.source") for s in clients)
    assert traced_sources == logged
    assert set(logged) == {"limbobeat", "interchange", "blueworks", "vionlabs", "xandr"}


async def test_upstream_spans_name_the_route_template_never_the_ids(
    traced: Gateway, spans: Spans
) -> None:
    body = await traced.gql(CROSS_SOURCE)

    clients = of_kind(spans.finished(), SpanKind.CLIENT)
    names = {s.name for s in clients}
    assert names == {
        "POST /oauth/token",
        "GET /api/v1/send-tasks",
        "POST /auth",
        "GET /inventory-list",
        "GET /api/v2/storefront/inventory-sources/{source_id}/modular/work-items",
        "GET /scr/api/WorkList",
        "GET /tasks/catalog-item/{item}",
    }
    for span in clients:
        assert attribute(span, "url.template") == span.name.split(" ", 1)[1]
        assert attribute(span, "gateway.upstream.attempt") == 1
        assert attribute(span, "gateway.cache.hit") is False
    # The ids are in the paths the gateway called, and nowhere in the trace.
    paths = " ".join(c["path"] for c in calls(body))
    assert "asset-0001" in paths and "retail-modular" in paths
    dumped = " ".join(s.to_json() for s in clients)
    assert "asset-0001" not in dumped and "retail-modular" not in dumped
    # Blueworks answers its first call with a redirect to the account's host: both are spans.
    statuses = sorted(
        int(str(attribute(s, "http.response.status_code")))
        for s in clients
        if attribute(s, "gateway.upstream.source") == "blueworks" and "WorkList" in s.name
    )
    assert statuses == [200, 301]


async def test_each_retry_is_its_own_span_numbered_by_attempt(
    traced: Gateway, spans: Spans
) -> None:
    await traced.fault("limbobeat", status=503, path_prefix="/api")

    body = await traced.gql("query Failing { sendTasks(first: 1) { totalCount } }")

    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    finished = spans.finished()
    reads = [s for s in of_kind(finished, SpanKind.CLIENT) if s.name == "GET /api/v1/send-tasks"]
    assert [attribute(s, "gateway.upstream.attempt") for s in reads] == [1, 2, 3]
    assert [attribute(s, "http.request.resend_count") for s in reads] == [None, 1, 2]
    assert all(s.status.status_code == StatusCode.ERROR for s in reads)
    assert all(attribute(s, "error.type") == "503" for s in reads)
    (server,) = of_kind(finished, SpanKind.SERVER)
    assert server.status.status_code == StatusCode.ERROR
    assert attribute(server, "gateway.graphql.error_codes") == ("UPSTREAM_UNAVAILABLE",)


async def test_bad_input_is_no_server_error(traced: Gateway, spans: Spans) -> None:
    body = await traced.gql("query Broken { sendTasks(first: 1) { nope } }")

    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    (server,) = of_kind(spans.finished(), SpanKind.SERVER)
    assert server.name == "query Broken"
    assert server.status.status_code != StatusCode.ERROR
    assert attribute(server, "gateway.graphql.error_codes") == ("GRAPHQL_VALIDATION_FAILED",)
    assert of_kind(spans.finished(), SpanKind.CLIENT) == []


async def test_a_read_that_joins_an_identical_one_in_flight_is_a_cache_hit_span(
    traced: Gateway, spans: Spans
) -> None:
    query = "query Same { sendTasks(first: 1) { totalCount } }"
    await traced.gql(query)  # the token, fetched once beforehand
    await traced.fault("limbobeat", latency_ms=300, path_prefix="/api")
    spans.exporter.clear()

    await asyncio.gather(traced.gql(query), traced.gql(query))

    finished = spans.finished()
    servers = of_kind(finished, SpanKind.SERVER)
    reads = of_kind(finished, SpanKind.CLIENT)
    assert len(servers) == 2 and len(reads) == 2
    own, joined = sorted(reads, key=lambda s: bool(attribute(s, "gateway.upstream.shared")))
    assert attribute(own, "gateway.cache.hit") is False
    assert attribute(joined, "gateway.cache.hit") is True
    assert joined.name == own.name == "GET /api/v1/send-tasks"
    # Each request's span has its own read under it: the call, or the wait for it.
    assert {s.parent.span_id for s in reads if s.parent} == {s.context.span_id for s in servers}
