"""What every Interchange call passes first: its API key, then the per-key rate limit.

Part of the simulator (reference: shared/upstreams/interchange-work-items.md, Authentication
and Rate limits).
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from datetime import datetime

from starlette.requests import Request
from starlette.responses import Response

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.wire import bearer_token
from gateway.sources.interchange.simulator.responses import Invalid, failure
from gateway.sources.interchange.simulator.state import Mode

DEMO_API_KEY = "scope3_sandboxclient_demosecret"  # the sandbox's published demo key
# Reads work, writes answer 403 TOS_ACCEPTANCE_REQUIRED (reference: Authentication).
TOS_PENDING_API_KEY = "scope3_sandboxclient_tospending"  # published demo key
API_KEYS = frozenset({DEMO_API_KEY, TOS_PENDING_API_KEY})
WINDOW_S = 60

# A handler is given the caller's API key (writes record who completed an item).
Handler = Callable[[Request, str], Awaitable[Response]]


class Gate:
    """Counts calls per key in fixed windows on the sandbox clock; answers the rate headers."""

    def __init__(self, clock: SandboxClock, mode: Mode) -> None:
        self.clock = clock
        self.mode = mode
        self.windows: dict[str, tuple[datetime, int]] = {}

    def endpoint(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            key = bearer_token(request) or ""
            valid = key in API_KEYS
            counter = key if valid else f"ip:{request.client.host if request.client else '-'}"
            remaining, reset = self.count(counter)
            if not valid:
                response = failure(401, "UNAUTHORIZED", "Missing or invalid API key")
            elif remaining < 0:
                response = failure(429, "RATE_LIMITED", "Too many requests")
                response.headers["Retry-After"] = str(reset)
            else:
                try:
                    response = await handler(request, key)
                except Invalid as exc:
                    response = failure(400, "VALIDATION_ERROR", str(exc), exc.field)
            response.headers.update(
                {
                    "RateLimit-Limit": str(self.mode.rate_limit_per_minute),
                    "RateLimit-Remaining": str(max(0, remaining)),
                    "RateLimit-Reset": str(reset),
                }
            )
            return response

        return serve

    def count(self, key: str) -> tuple[int, int]:
        """A fixed 60 s window per key on the sandbox clock: (remaining, seconds to reset)."""
        now = self.clock.now()
        started, used = self.windows.get(key, (now, 0))
        if (now - started).total_seconds() >= WINDOW_S:
            started, used = now, 0
        self.windows[key] = (started, used + 1)
        reset = max(1, math.ceil(WINDOW_S - (now - started).total_seconds()))
        return self.mode.rate_limit_per_minute - used - 1, reset
