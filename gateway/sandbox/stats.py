"""What each simulator was asked, for tests and demos that check facts from the upstream's side.

Counted per source and per route (`METHOD /path`, with segments holding digits read as `{id}`),
so "one login for the whole fleet" is `stats["xandr"]["routes"]["POST /auth"] == 1`; and how each
request ended (`finished`, or `cancelled` by the gateway while being served, else `inFlight`),
so "no call runs on after the response" is read from the upstream's side too.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter, deque
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

_ID_SEGMENT = re.compile(r"/[^/]*\d[^/]*")
# Set in the scope by a fault that saw the client hang up while it held the request (a
# connection over a real socket; in process, the gateway cancels the call's task instead).
CLIENT_GONE = "sandbox.client_gone"


@dataclass
class SourceStats:
    routes: Counter[str] = field(default_factory=Counter)
    finished: int = 0
    cancelled: int = 0
    # The latest paths asked for, in order (query strings left out).
    paths: deque[str] = field(default_factory=lambda: deque(maxlen=1000))

    @property
    def requests(self) -> int:
        return sum(self.routes.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "requests": self.requests,
            "routes": dict(sorted(self.routes.items())),
            "finished": self.finished,
            "cancelled": self.cancelled,
            "inFlight": self.requests - self.finished - self.cancelled,
            "paths": list(self.paths),
        }


@dataclass
class SandboxStats:
    """Request counts by source and route since the sandbox started (or was last reset)."""

    sources: dict[str, SourceStats] = field(default_factory=dict)

    def count(self, source: str, method: str, path: str) -> SourceStats:
        counts = self.sources.setdefault(source, SourceStats())
        counts.routes[f"{method} {_ID_SEGMENT.sub('/{id}', path) or '/'}"] += 1
        counts.paths.append(path)
        return counts

    def as_dict(self) -> dict[str, dict[str, object]]:
        return {source: counts.as_dict() for source, counts in sorted(self.sources.items())}

    def reset(self) -> None:
        self.sources.clear()


class CountingMiddleware:
    """Counts every HTTP request to one simulator, faulted ones included, and how it ended."""

    def __init__(self, app: ASGIApp, source: str, stats: SandboxStats) -> None:
        self.app = app
        self.source = source
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, root = scope.get("path", ""), scope.get("root_path", "")
        local = path[len(root) :] if path.startswith(root) else path
        counts = self.stats.count(self.source, scope["method"], local)
        try:
            await self.app(scope, receive, send)
        except asyncio.CancelledError:
            counts.cancelled += 1
            raise
        except BaseException:
            counts.finished += 1
            raise
        if scope.get(CLIENT_GONE):
            counts.cancelled += 1
        else:
            counts.finished += 1
