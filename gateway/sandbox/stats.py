"""What each simulator was asked, for tests and demos that check fleet-wide facts (`/_stats`).

Counted per source and per route (`METHOD /path`, with segments holding digits read as `{id}`),
so "one login for the whole fleet" is `stats["xandr"]["routes"]["POST /auth"] == 1`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Receive, Scope, Send

_ID_SEGMENT = re.compile(r"/[^/]*\d[^/]*")


@dataclass
class SandboxStats:
    """Request counts by source and route since the sandbox started (or was last reset)."""

    routes: dict[str, Counter[str]] = field(default_factory=dict)

    def count(self, source: str, method: str, path: str) -> None:
        route = f"{method} {_ID_SEGMENT.sub('/{id}', path) or '/'}"
        self.routes.setdefault(source, Counter())[route] += 1

    def as_dict(self) -> dict[str, dict[str, object]]:
        return {
            source: {"requests": sum(counts.values()), "routes": dict(sorted(counts.items()))}
            for source, counts in sorted(self.routes.items())
        }

    def reset(self) -> None:
        self.routes.clear()


class CountingMiddleware:
    """Counts every HTTP request to one simulator, faulted ones included, before passing it on."""

    def __init__(self, app: ASGIApp, source: str, stats: SandboxStats) -> None:
        self.app = app
        self.source = source
        self.stats = stats

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            path, root = scope.get("path", ""), scope.get("root_path", "")
            local = path[len(root) :] if path.startswith(root) else path
            self.stats.count(self.source, scope["method"], local)
        await self.app(scope, receive, send)
