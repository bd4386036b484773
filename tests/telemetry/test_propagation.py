"""Upstreams receive the request id and the trace context: this gateway's span, or the caller's."""

from __future__ import annotations

from opentelemetry.trace import SpanKind
from starlette.types import ASGIApp, Receive, Scope, Send

from tests.conftest import Gateway, MakeGateway, sandbox_settings
from tests.telemetry.conftest import CALLER_TRACE, CALLER_TRACEPARENT, CROSS_SOURCE, Spans


class HeadersSeen:
    """What the sandbox's simulators received: the telemetry headers of each request."""

    def __init__(self, app: ASGIApp, seen: list[dict[str, str]]) -> None:
        self.app = app
        self.seen = seen

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            wanted = {b"traceparent", b"tracestate", b"x-request-id"}
            self.seen.append(
                {k.decode(): v.decode() for k, v in scope["headers"] if k in wanted}
                | {"path": scope["path"]}
            )
        await self.app(scope, receive, send)


def watch_upstreams(gateway: Gateway) -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []
    assert gateway.app is not None
    gateway.app.state.sandbox.add_middleware(HeadersSeen, seen=seen)
    return seen


async def test_each_upstream_call_carries_its_own_span_as_parent(
    traced: Gateway, spans: Spans
) -> None:
    seen = watch_upstreams(traced)

    await traced.gql(
        CROSS_SOURCE, headers={"traceparent": CALLER_TRACEPARENT, "x-request-id": "dash-42"}
    )

    clients = [s for s in spans.finished() if s.kind == SpanKind.CLIENT]
    sent_parents = {h["traceparent"] for h in seen}
    assert len(seen) == len(clients) > 5
    assert sent_parents == {
        f"00-{CALLER_TRACE}-{format(s.context.span_id, '016x')}-01" for s in clients
    }
    assert {h["x-request-id"] for h in seen} == {"dash-42"}


async def test_without_tracing_the_callers_trace_context_passes_through_unchanged(
    make_gateway: MakeGateway,
) -> None:
    gateway: Gateway = await make_gateway(sandbox_settings())
    seen = watch_upstreams(gateway)

    await gateway.gql(
        "{ sendTasks(first: 1) { totalCount } }",
        headers={"traceparent": CALLER_TRACEPARENT, "tracestate": "vendor=abc"},
    )
    await gateway.gql("{ inventoryLists(first: 1) { totalCount } }")

    first = [h for h in seen if "limbobeat" in h["path"]]
    second = [h for h in seen if "xandr" in h["path"]]
    assert first and all(h["traceparent"] == CALLER_TRACEPARENT for h in first)
    assert all(h["tracestate"] == "vendor=abc" for h in first)
    # No trace context from the caller: none is made up.
    assert second and all("traceparent" not in h for h in second)
    assert len({h["x-request-id"] for h in first + second}) == 2


async def test_a_malformed_traceparent_is_not_passed_on(make_gateway: MakeGateway) -> None:
    gateway: Gateway = await make_gateway(sandbox_settings())
    seen = watch_upstreams(gateway)

    await gateway.gql(
        "{ sendTasks(first: 1) { totalCount } }",
        headers={"traceparent": f"00-{'0' * 32}-{'1' * 16}-01"},
    )

    assert seen and all("traceparent" not in h for h in seen)
