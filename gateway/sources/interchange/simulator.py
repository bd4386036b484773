"""Sandbox of Interchange's storefront work items.

Reference: shared/upstreams/interchange-work-items.md.

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.interchange.simulator_seed import (
    DEFAULT_STATUSES,
    KINDS,
    MAX_SAFE_INTEGER,
    STATUSES,
    WorkItem,
    iso,
    seed_sources,
)

API = "/api/v2/storefront"
DEMO_API_KEY = "scope3_sandboxclient_demosecret"  # the sandbox's published demo key
# Reads work, writes answer 403 TOS_ACCEPTANCE_REQUIRED (reference: Authentication).
TOS_PENDING_API_KEY = "scope3_sandboxclient_tospending"  # published demo key
API_KEYS = frozenset({DEMO_API_KEY, TOS_PENDING_API_KEY})
WINDOW_S = 60
DEFAULT_LIMIT = 50
CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    501: "NOT_IMPLEMENTED",
    502: "SERVICE_UNAVAILABLE",
    503: "SERVICE_UNAVAILABLE",
    504: "SERVICE_UNAVAILABLE",
}
FILTERS = ("kind", "resourceType", "resourceId", "mediaBuyId", "buyerCustomerId")


def failure(
    status: int, code: str, message: str, field: str | None = None, **details: Any
) -> Response:
    error: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    if details:
        error["details"] = details
    return JSONResponse({"data": None, "error": error}, status_code=status)


def render_error(status: int, message: str, headers: dict[str, str]) -> Response:
    response = failure(status, CODES.get(status, "INTERNAL_ERROR"), message)
    response.headers.update(headers)
    return response


class Invalid(Exception):
    """A query parameter the reference's constraints refuse (400 VALIDATION_ERROR + field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass
class Mode:
    """Sandbox-only switches, set through `PUT /_sandbox/mode` (not part of the upstream)."""

    # Wrap successes in {data, error} (the reference's ASSUMPTION) or answer the bare payload.
    envelope: bool = True
    # The documented baseline: 100 requests per minute (reference: Rate limits).
    rate_limit_per_minute: int = 100
    tos_accepted: bool = True


Handler = Callable[[Request, str], Awaitable[Response]]


class InterchangeSandbox:
    """The upstream's state and handlers; one instance per sandbox."""

    def __init__(self, env: SimulatorEnv) -> None:
        self.clock = env.clock
        self.sources = seed_sources(env.world)
        self.mode = Mode()
        self.windows: dict[str, tuple[datetime, int]] = {}

    # -- the checks every call passes: auth, then the rate limit ----------------------------

    def endpoint(self, handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def serve(request: Request) -> Response:
            scheme, _, key = request.headers.get("authorization", "").partition(" ")
            valid = scheme.lower() == "bearer" and key in API_KEYS
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

    def ok(self, data: dict[str, Any]) -> Response:
        return JSONResponse({"data": data, "error": None} if self.mode.envelope else data)

    def item_of(self, request: Request) -> tuple[WorkItem | None, Response | None]:
        source = self.sources.get(request.path_params["source_id"])
        if source is None:
            return None, failure(404, "NOT_FOUND", "Inventory source is not a modular source")
        item = source.items.get(request.path_params["item_id"])
        if item is None:
            return None, failure(404, "NOT_FOUND", "Work item not found")
        return item, None

    # -- endpoints ------------------------------------------------------------------------

    async def list_items(self, request: Request, key: str) -> Response:
        source = self.sources.get(request.path_params["source_id"])
        if source is None:
            return failure(404, "NOT_FOUND", "Inventory source is not a modular source")
        statuses, filters, limit = read_list_params(request)
        matches = [
            item
            for item in sorted(
                source.items.values(), key=lambda it: (it.common["createdAt"], it.id)
            )
            if item.status in statuses and matches_filters(item, filters)
        ]
        return self.ok({"items": [it.summary() for it in matches[:limit]], "total": len(matches)})

    async def get_item(self, request: Request, key: str) -> Response:
        item, missing = self.item_of(request)
        if item is None:
            return missing or failure(404, "NOT_FOUND", "Work item not found")
        return self.ok({"item": item.detail(), "events": list(item.events)})

    async def complete_item(self, request: Request, key: str) -> Response:
        if key == TOS_PENDING_API_KEY or not self.mode.tos_accepted:
            return failure(
                403, "TOS_ACCEPTANCE_REQUIRED", "Accept the current platform agreement first"
            )
        item, missing = self.item_of(request)
        if item is None:
            return missing or failure(404, "NOT_FOUND", "Work item not found")
        result, notes = await read_completion(request)
        if item.status in ("COMPLETED", "CANCELLED"):
            return failure(409, "CONFLICT", f"Work item is already {item.status}")
        absent = [name for name in item.required_result_fields if name not in result]
        if absent:
            raise Invalid(f"result.{absent[0]}", f"result.{absent[0]} is required")
        now = self.clock.now()
        item.status = "COMPLETED"
        item.result = result
        item.common |= {
            "completedBy": key.split("_")[1],
            "completedAt": iso(now),
            "updatedAt": iso(now),
            "blockedReason": None,
        }
        item.event("COMPLETED", now, ("API_KEY", key.split("_")[1]), notes=notes, payload=result)
        return self.ok({"ok": True, "item": item.detail()})

    async def set_mode(self, request: Request) -> Response:
        body = await request.json()
        self.mode.envelope = bool(body.get("envelope", self.mode.envelope))
        self.mode.rate_limit_per_minute = int(
            body.get("rateLimitPerMinute", self.mode.rate_limit_per_minute)
        )
        self.mode.tos_accepted = bool(body.get("tosAccepted", self.mode.tos_accepted))
        return JSONResponse(vars(self.mode))


def read_list_params(request: Request) -> tuple[tuple[str, ...], dict[str, Any], int]:
    """The list's query parameters, checked as the reference constrains them."""
    query = request.query_params
    raw_status = query.get("status")
    # One comma-separated parameter, not repeated ones (reference: Quirks).
    statuses = DEFAULT_STATUSES if raw_status is None else tuple(raw_status.split(","))
    if not statuses or any(s not in STATUSES for s in statuses):
        raise Invalid("status", f"status must be a comma-separated list of {', '.join(STATUSES)}")
    filters: dict[str, Any] = {}
    for name in FILTERS:
        value = query.get(name)
        if value is None:
            continue
        if not value:
            raise Invalid(name, f"{name} must not be empty")
        filters[name] = value
    if "kind" in filters and filters["kind"] not in KINDS:
        raise Invalid("kind", "kind is not a known work item kind")
    if "buyerCustomerId" in filters:
        buyer = filters["buyerCustomerId"]
        if not buyer.isdigit() or int(buyer) > MAX_SAFE_INTEGER:
            raise Invalid("buyerCustomerId", f"buyerCustomerId must be ≤ {MAX_SAFE_INTEGER}")
        filters["buyerCustomerId"] = int(buyer)
    try:
        limit = int(query.get("limit", str(DEFAULT_LIMIT)))
    except ValueError:
        raise Invalid("limit", "limit must be an integer") from None
    if not 1 <= limit <= 100:
        raise Invalid("limit", "limit must be between 1 and 100")
    return statuses, filters, limit


def matches_filters(item: WorkItem, filters: dict[str, Any]) -> bool:
    """AND of every given filter (reference: Simulator checklist 2)."""
    values = {"kind": item.kind, **item.common}
    return all(values.get(name) == wanted for name, wanted in filters.items())


async def read_completion(request: Request) -> tuple[dict[str, Any], str | None]:
    """Body `{result?: object, notes?: string}`; both optional (reference: endpoint 3)."""
    raw = await request.body()
    try:
        body = await request.json() if raw else {}
    except ValueError:
        raise Invalid("body", "body must be JSON") from None
    if not isinstance(body, dict):
        raise Invalid("body", "body must be a JSON object")
    result = body.get("result") or {}
    notes = body.get("notes")
    if not isinstance(result, dict):
        raise Invalid("result", "result must be an object")
    if notes is not None and not isinstance(notes, str):
        raise Invalid("notes", "notes must be a string")
    return result, notes


def create_simulator(env: SimulatorEnv) -> Simulator:
    sandbox = InterchangeSandbox(env)
    items = f"{API}/inventory-sources/{{source_id}}/modular/work-items"
    app = Starlette(
        routes=[
            Route(items, sandbox.endpoint(sandbox.list_items), methods=["GET"]),
            Route(f"{items}/{{item_id}}", sandbox.endpoint(sandbox.get_item), methods=["GET"]),
            Route(
                f"{items}/{{item_id}}/complete",
                sandbox.endpoint(sandbox.complete_item),
                methods=["POST"],
            ),
            Route("/_sandbox/mode", sandbox.set_mode, methods=["PUT"]),
        ]
    )
    return Simulator(app=app, render_error=render_error)
