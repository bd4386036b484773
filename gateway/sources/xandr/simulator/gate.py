"""What every Xandr call passes first: concurrency, the session token, scripted errors, limits.

Also `POST /auth` (logins are limited too) and the sandbox-only controls of the gate:
`PUT /_sandbox/limits` (`{"rate_limits": true, "reads_per_minute": 100, "writes_per_minute": 60,
"max_concurrent": 15}`, any subset; rate limits are off by default) and `PUT /_sandbox/error`
(`{"error_id": "INTEGRITY", "status": 400, "times": 1, "error_code": null, "headers": {}}`: the
next API calls, after the token check, answer with that error; `DELETE` clears it). Part of the
simulator (reference: shared/upstreams/xandr-inventory-lists.md, Authentication, Rate limits).
"""

from __future__ import annotations

import asyncio
import math
from collections import deque
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import asdict, fields
from datetime import timedelta

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.wire import json_or
from gateway.sources.xandr.simulator.responses import Refused, error, ok
from gateway.sources.xandr.simulator.state import Limits, ScriptedError, XandrState

DEMO_USERNAME = "sandbox-api-user"
DEMO_PASSWORD = "sandbox-password"  # noqa: S105 - the sandbox's published demo credential
LOGIN_WINDOW = timedelta(minutes=5)
LOGINS_PER_WINDOW = 10
SESSION_COOKIE = "IBAPI_SESSID"
RATE_WINDOW = timedelta(minutes=1)
SANDBOX_USER_ID = "4242"

Handler = Callable[[Request], Awaitable[Response]]


class Gate:
    """The upstream's gate (concurrency, auth, scripted errors, rate limits) and its controls."""

    def __init__(self, state: XandrState, clock: SandboxClock) -> None:
        self.clock = clock
        self.state = state

    def api(self, handler: Handler, kind: str) -> Handler:
        """Wraps a handler in the checks every API call passes, in the upstream's order."""

        async def endpoint(request: Request) -> Response:
            state = self.state
            state.in_flight += 1
            try:
                # Yield once so concurrent calls overlap, as they would on a real server.
                await asyncio.sleep(0)
                if state.in_flight > state.limits.max_concurrent:
                    # Excess concurrency is an HTTP 200 with an error payload (reference).
                    return error(
                        "SYSTEM",
                        "Too many concurrent requests",
                        status=200,
                        error_code="CONCURRENCY_EXCEEDED",
                    )
                refused = self.refuse(request, kind) if kind != "auth" else None
                return refused if refused is not None else await handler(request)
            except Refused as exc:
                return exc.response
            finally:
                state.in_flight -= 1

        return endpoint

    def refuse(self, request: Request, kind: str) -> Response | None:
        token = request.headers.get("authorization") or request.cookies.get(SESSION_COOKIE, "")
        # The token is sent raw: a `Bearer ` prefix makes it unknown (reference: Auth).
        if not self.state.touch(token, self.clock.now()):
            return error("NOAUTH", "Authentication failed - not logged in")
        scripted = self.state.scripted
        if scripted is not None:
            scripted.times -= 1
            if scripted.times <= 0:
                self.state.scripted = None
            return error(
                scripted.error_id,
                scripted.message,
                status=scripted.status,
                error_code=scripted.error_code,
                headers=scripted.headers or None,
            )
        return self.throttle(token, kind) if self.state.limits.rate_limits else None

    def throttle(self, token: str, kind: str) -> Response | None:
        """Per-token windows of reads and writes a minute (reference: Rate limits, ASSUMPTION)."""
        limits, now = self.state.limits, self.clock.now()
        limit = limits.reads_per_minute if kind == "read" else limits.writes_per_minute
        calls = self.state.windows.setdefault((token, kind), deque())
        while calls and now - calls[0] >= RATE_WINDOW:
            calls.popleft()
        if len(calls) < limit:
            calls.append(now)
            return None
        wait = math.ceil((RATE_WINDOW - (now - calls[0])).total_seconds())
        return error(
            "SYSTEM",
            "Rate limit exceeded",
            status=429,
            error_code="RATE_EXCEEDED",
            headers={
                "Retry-After": str(max(wait, 1)),
                "x-ratelimit-code": "429",
                "x-ratelimit-count": str(len(calls)),
                "x-an-user-id": SANDBOX_USER_ID,
            },
        )

    async def login(self, request: Request) -> Response:
        body = await json_or(request)
        auth = body.get("auth") if isinstance(body, dict) else None
        if (
            not isinstance(auth, dict)
            or auth.get("username") != DEMO_USERNAME
            or auth.get("password") != DEMO_PASSWORD
        ):
            return error("NOAUTH", "No match found for user/pass")
        now, logins = self.clock.now(), self.state.logins
        while logins and now - logins[0] >= LOGIN_WINDOW:
            logins.popleft()
        if len(logins) >= LOGINS_PER_WINDOW:
            wait = math.ceil((LOGIN_WINDOW - (now - logins[0])).total_seconds())
            # The 11th login in 5 minutes (reference: Authentication, ASSUMPTION).
            return error(
                "SYSTEM",
                "Too many authentication attempts",
                status=429,
                error_code="RATE_EXCEEDED",
                headers={"Retry-After": str(max(wait, 1)), "x-ratelimit-code": "429"},
            )
        logins.append(now)
        token = self.state.new_session(now)
        response = ok({"token": token})
        response.set_cookie(SESSION_COOKIE, token, httponly=True)
        return response

    # -- sandbox controls -------------------------------------------------------------------

    async def set_limits(self, request: Request) -> Response:
        if request.method == "PUT":
            body = await request.json()
            known = {f.name for f in fields(Limits)}
            values = asdict(self.state.limits) | {k: v for k, v in body.items() if k in known}
            self.state.limits = Limits(**values)
            self.state.windows.clear()
        return JSONResponse(asdict(self.state.limits))

    async def set_error(self, request: Request) -> Response:
        if request.method == "DELETE":
            self.state.scripted = None
            return Response(status_code=204)
        try:
            self.state.scripted = ScriptedError(**(await request.json()))
        except (TypeError, ValueError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(asdict(self.state.scripted))


def dispatch(gate: Gate, table: Mapping[str, tuple[Handler, str]]) -> Handler:
    """One route, several methods: each method's handler behind the same gate."""
    gated = {method: gate.api(handler, kind) for method, (handler, kind) in table.items()}

    async def endpoint(request: Request) -> Response:
        return await gated[request.method](request)

    return endpoint
