"""The record of upstream calls made while serving one GraphQL request."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class UpstreamCall:
    """One HTTP exchange with an upstream. `path` never carries the query string (secrets)."""

    source: str
    method: str
    path: str
    status: int | None
    duration_ms: float
    started_ms: float
    batch_size: int | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "durationMs": round(self.duration_ms, 1),
            "startedMs": round(self.started_ms, 1),
            "batchSize": self.batch_size,
            "error": self.error,
        }


@dataclass
class CallLog:
    """Collects the calls of one request; tasks spawned by loaders share it via the context."""

    started_at: float
    calls: list[UpstreamCall] = field(default_factory=list)
    # Reads answered by a call another request had in flight (gateway.http.inflight).
    shared: int = 0

    def add(self, call: UpstreamCall) -> None:
        self.calls.append(call)

    def count(self, source: str | None = None) -> int:
        return sum(1 for c in self.calls if source is None or c.source == source)

    def as_json(self) -> list[dict[str, Any]]:
        return [c.as_json() for c in self.calls]

    def summary(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.calls:
            out[c.source] = out.get(c.source, 0) + 1
        return out


current_call_log: ContextVar[CallLog | None] = ContextVar("current_call_log", default=None)


@contextmanager
def recording(log: CallLog) -> Iterator[CallLog]:
    token = current_call_log.set(log)
    try:
        yield log
    finally:
        current_call_log.reset(token)
