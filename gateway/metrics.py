"""Prometheus metrics of the gateway, served at `/metrics`: every definition lives here.

Labels are sources, methods, statuses, error codes and bounded operation names only: never
paths or query strings, so no id, and no key sent in a URL (Vionlabs' `?key=`), can reach a
metric. Other parts report through the `observe_…` functions below (docs/observability.md).
"""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

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
    "gateway_graphql_requests_in_flight", "GraphQL requests over HTTP being served now."
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
    "Each upstream's circuit breaker in this process: 1 for its current state, 0 for the others.",
    ["source", "state"],
)
BREAKER_STATES = ("closed", "open", "half_open")
LIVE_POLLS = Counter(
    "gateway_live_polls_total",
    "Polls of live subscriptions' shared pollers, by source and outcome (ok, failed, throttled).",
    ["source", "outcome"],
)
LIVE_POLLERS = Gauge(
    "gateway_live_pollers", "Shared pollers running in this process (one per source and scope)."
)
LIVE_SUBSCRIPTIONS = Gauge(
    "gateway_live_subscriptions", "Live subscriptions open in this process, over every transport."
)


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
