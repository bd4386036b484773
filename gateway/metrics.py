"""Prometheus metrics of the gateway, served at `/metrics`: every definition lives here.

Labels are sources, methods, statuses, error codes and bounded operation names only: never
paths or query strings, so no id, and no key sent in a URL (Vionlabs' `?key=`), can reach a
metric. Other parts report through the `observe_…` functions below (docs/observability.md).

With several workers (`gateway serve --workers N`), each keeps its values in files of a directory
they share (`PROMETHEUS_MULTIPROC_DIR`, prometheus_client's multiprocess mode), and a scrape
served by any worker adds up every worker's: counters and histograms sum, and the gauges say how
they combine (`multiprocess_mode`; `livesum`: the workers running now).
"""

from __future__ import annotations

import os
from pathlib import Path

from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

# prometheus_client's own variable, read when it is imported: each process then writes its
# values to files there instead of keeping them in memory.
MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"

UPSTREAM_REQUESTS = Counter(
    "gateway_upstream_requests_total",
    "HTTP exchanges with upstreams (token fetches and redirects included).",
    ["source", "method", "outcome"],
)
UPSTREAM_SECONDS = Histogram(
    "gateway_upstream_request_seconds",
    "Time to an upstream's response headers.",
    ["source"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
GRAPHQL_REQUEST_SECONDS = Histogram(
    "gateway_graphql_request_seconds",
    "GraphQL requests over HTTP, from the first byte in to the response, by operation. Names"
    " are bounded (GATEWAY_METRICS_OPERATION_NAMES; the rest are `other`); type is query,"
    " mutation, subscription, unknown (not parsed), none (refused first) or batch.",
    ["operation_name", "operation_type"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
GRAPHQL_IN_FLIGHT = Gauge(
    "gateway_graphql_requests_in_flight",
    "GraphQL requests over HTTP being served now.",
    multiprocess_mode="livesum",
)
CACHE_LOOKUPS = Counter(
    "gateway_cache_lookups_total",
    "Lookups in the gateway's caches, by cache and result (hit or miss).",
    ["cache", "result"],
)
RATE_LIMITED = Counter(
    "gateway_rate_limit_refusals_total",
    "Requests refused by one of the gateway's own rate limits, by limit.",
    ["limit"],
)
GRAPHQL_ERRORS = Counter(
    "gateway_graphql_errors_total",
    "Errors in GraphQL responses, by extensions.code and source.",
    ["code", "source"],
)

UPSTREAM_RETRIES = Counter(
    "gateway_upstream_retries_total",
    "Failed upstream reads, by what happened next: retried, or not (budget, deadline).",
    ["source", "decision"],
)
BREAKER_STATE = Gauge(
    "gateway_upstream_breaker_state",
    "Each upstream's circuit breaker (one per process): 1 for its current state, 0 for the"
    " others; with several workers, how many of them have their breaker in that state.",
    ["source", "state"],
    multiprocess_mode="livesum",
)
BREAKER_STATES = ("closed", "open", "half_open")
LIVE_POLLS = Counter(
    "gateway_live_polls_total",
    "Polls of live subscriptions' shared pollers, by source and outcome (ok, failed, throttled).",
    ["source", "outcome"],
)
LIVE_POLLERS = Gauge(
    "gateway_live_pollers",
    "Shared pollers running (one per source and scope in each process).",
    multiprocess_mode="livesum",
)
LIVE_SUBSCRIPTIONS = Gauge(
    "gateway_live_subscriptions",
    "Live subscriptions open, over every transport.",
    multiprocess_mode="livesum",
)
WEBSOCKET_CONNECTIONS = Counter(
    "gateway_websocket_connections_total",
    "WebSocket connections to /graphql, counted when they close, by close code (the codes of"
    " RFC 6455 and graphql-transport-ws the gateway meets; any other is `other`, and `none` one"
    " that ended without a close frame).",
    ["close_code"],
)
# The label's values: a client may close with any code from 1000 to 4999, so only these get
# one of their own (docs/live.md's close codes, and the server's and transport's own).
WEBSOCKET_CLOSE_CODES = frozenset(
    {1000, 1001, 1005, 1006, 1008, 1011, 1012, 1013, 4400, 4401, 4403, 4406, 4408, 4409, 4429}
)


def exposition() -> bytes:
    """What `/metrics` serves: this process's metrics, or every worker's in multiprocess mode."""
    directory = os.environ.get(MULTIPROC_DIR)
    if not directory:
        return generate_latest()
    forget_exited_workers(Path(directory))
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry, path=directory)  # type: ignore[no-untyped-call]
    return generate_latest(registry)


def forget_exited_workers(directory: Path) -> None:
    """Drops the live gauges of workers that are gone (crashed, or replaced by the server).

    Their counters and histograms stay: the totals must never go down.
    """
    for pid in {int(f.stem.rsplit("_", 1)[1]) for f in directory.glob("gauge_live*_*.db")}:
        if not _running(pid):
            multiprocess.mark_process_dead(pid, str(directory))  # type: ignore[no-untyped-call]


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: it exists
    return True


def observe_graphql_request(operation_name: str, operation_type: str, seconds: float) -> None:
    GRAPHQL_REQUEST_SECONDS.labels(operation_name, operation_type).observe(seconds)


def observe_cache(cache: str, hit: bool) -> None:
    """One lookup in a cache of the gateway's (e.g. `apq`, `documents`, `responses`)."""
    CACHE_LOOKUPS.labels(cache=cache, result="hit" if hit else "miss").inc()


def observe_rate_limited(limit: str) -> None:
    """One request refused by a rate limit (e.g. `caller`, `operation`), before it ran."""
    RATE_LIMITED.labels(limit=limit).inc()


def observe_breaker(source: str, state: str) -> None:
    for each in BREAKER_STATES:
        BREAKER_STATE.labels(source=source, state=each).set(1 if each == state else 0)


def observe_retry(source: str, decision: str) -> None:
    UPSTREAM_RETRIES.labels(source=source, decision=decision).inc()


def observe_upstream(
    source: str, method: str, status: int | None, error: str | None, seconds: float
) -> None:
    outcome = str(status) if status is not None else f"error:{error}"
    UPSTREAM_REQUESTS.labels(source=source, method=method, outcome=outcome).inc()
    UPSTREAM_SECONDS.labels(source=source).observe(seconds)


def observe_graphql_error(code: str | None, source: str | None) -> None:
    GRAPHQL_ERRORS.labels(code=code or "UNKNOWN", source=source or "").inc()


def observe_live_poll(source: str, outcome: str) -> None:
    """One poll of a live poller: `ok`, `failed` or `throttled`."""
    LIVE_POLLS.labels(source=source, outcome=outcome).inc()


def observe_live(pollers: int, subscriptions: int) -> None:
    LIVE_POLLERS.set(pollers)
    LIVE_SUBSCRIPTIONS.set(subscriptions)


def observe_websocket_closed(code: int | None) -> None:
    """One WebSocket connection ended with `code` (None: it ended without a close frame)."""
    label = "other" if code is not None else "none"
    if code in WEBSOCKET_CLOSE_CODES:
        label = str(code)
    WEBSOCKET_CONNECTIONS.labels(close_code=label).inc()
