"""Readiness (`/readyz`): whether this process can serve, and how each upstream is doing.

Each configured upstream is probed with its cheapest authenticated call (each client's
`probe()`, described there and in docs/resilience.md), all at once under one short deadline and
without retries; the answer is cached for a few seconds and shared by concurrent callers, so a
busy orchestrator cannot turn readiness into load on the upstreams. An open breaker is reported
without probing. `/healthz` stays a pure liveness check.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from gateway.errors import CircuitOpen, GatewayError, UpstreamRateLimited
from gateway.http.breaker import BreakerState
from gateway.http.client import UpstreamHTTP
from gateway.http.request_scope import RequestScope, scoped
from gateway.state import StateStore

Report = tuple[int, dict[str, Any]]
USABLE = ("ok", "degraded")


class ReadinessSettings(BaseModel):
    """How `/readyz` probes the upstreams and when it says the process is not ready."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    probe_timeout_s: float = Field(
        default=2.0,
        gt=0,
        le=30,
        description="Deadline of one round of readiness probes (all upstreams at once, no"
        " retries); a probe not answered by then reports its upstream `down`.",
    )
    cache_s: float = Field(
        default=5.0,
        ge=0,
        le=300,
        description="How long one round of probes answers `/readyz` before the next round.",
    )
    require: Literal["any", "all"] = Field(
        default="any",
        description="When `/readyz` answers 503: `any` while no configured upstream is usable"
        " (the gateway serves partial data otherwise), `all` as soon as one is not.",
    )


class Probeable(Protocol):
    http: UpstreamHTTP

    async def probe(self) -> None: ...


@dataclass(frozen=True)
class ProbedSource:
    name: str
    # Where it points: `upstream`, `sandbox` or `not configured`.
    where: str
    client: Probeable | None


class Readiness:
    """One process's readiness: probes its upstreams, caches the answer, reports the store."""

    def __init__(
        self,
        settings: ReadinessSettings,
        sources: Sequence[ProbedSource],
        store: StateStore,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings
        self.sources = list(sources)
        self.store = store
        self._clock = clock
        self._cached: tuple[float, Report] | None = None
        self._round: asyncio.Task[Report] | None = None

    async def report(self) -> Report:
        """The HTTP status (200 or 503) and the body of `/readyz`."""
        cached = self._cached
        if cached is not None and self._clock() - cached[0] < self.settings.cache_s:
            return cached[1]
        if self._round is None or self._round.done():
            self._round = asyncio.ensure_future(self._fresh())
        # Shielded: a caller that goes away does not cancel the round the others wait for.
        return await asyncio.shield(self._round)

    async def _fresh(self) -> Report:
        scope = RequestScope(self.settings.probe_timeout_s, retries=False)
        with scoped(scope):
            entries = await asyncio.gather(*(self._probe(s) for s in self.sources))
            store_ok = await self.store.ping()
        report = self._verdict(dict(zip((s.name for s in self.sources), entries, strict=True)))
        report[1]["store"] = self.store.status.as_dict() | {"reachable": store_ok}
        if not store_ok and report[1]["status"] == "ok":
            report[1]["status"] = "degraded"
        self._cached = (self._clock(), report)
        return report

    async def _probe(self, source: ProbedSource) -> dict[str, Any]:
        if source.client is None:
            return {"state": "not_configured", "where": source.where}
        breaker = source.client.http.breaker
        entry: dict[str, Any] = {"where": source.where}
        if breaker.state is BreakerState.OPEN:
            retry_after = math.ceil(breaker.retry_after_s())
            return entry | {"state": "breaker_open", "breaker": "open", "retryAfter": retry_after}
        started = self._clock()
        try:
            await source.client.probe()
            entry["state"] = "ok" if breaker.state is BreakerState.CLOSED else "degraded"
        except GatewayError as exc:
            entry |= _failed(exc)
        entry["latencyMs"] = round((self._clock() - started) * 1000, 1)
        entry["breaker"] = breaker.state.value
        return entry

    def _verdict(self, sources: dict[str, dict[str, Any]]) -> Report:
        configured = [e for e in sources.values() if e["state"] != "not_configured"]
        usable = [e for e in configured if e["state"] in USABLE]
        if self.settings.require == "all":
            ready = len(usable) == len(configured)
        else:
            ready = bool(usable) or not configured
        all_ok = all(e["state"] == "ok" for e in configured)
        status = "ok" if ready and all_ok else "degraded" if ready else "unavailable"
        body: dict[str, Any] = {"status": status, "ready": ready, "sources": sources}
        return (200 if ready else 503), body


def _failed(exc: GatewayError) -> dict[str, Any]:
    """A failed probe's state; only its code and status (upstream text may be private)."""
    if isinstance(exc, CircuitOpen):
        state = "breaker_open"
    elif isinstance(exc, UpstreamRateLimited):
        # It answers, but is throttling the gateway: usable, not healthy.
        state = "degraded"
    else:
        state = "down"
    extensions = exc.extensions()
    kept = {k: extensions[k] for k in ("code", "status", "retryAfter") if k in extensions}
    return {"state": state} | kept
