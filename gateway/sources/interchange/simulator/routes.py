"""Interchange's reads: work item lists with their filters, one item with its events.

Part of the simulator (reference: shared/upstreams/interchange-work-items.md).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.sources.interchange.simulator.responses import Invalid, failure, ok
from gateway.sources.interchange.simulator.state import (
    DEFAULT_STATUSES,
    KINDS,
    MAX_SAFE_INTEGER,
    STATUSES,
    InterchangeState,
    WorkItem,
)

DEFAULT_LIMIT = 50
FILTERS = ("kind", "resourceType", "resourceId", "mediaBuyId", "buyerCustomerId")


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
        if not (buyer.isascii() and buyer.isdigit()) or int(buyer) > MAX_SAFE_INTEGER:
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


def item_of(state: InterchangeState, request: Request) -> tuple[WorkItem | None, Response | None]:
    """The item the path names, or the 404 the upstream answers."""
    source = state.sources.get(request.path_params["source_id"])
    if source is None:
        return None, failure(404, "NOT_FOUND", "Inventory source is not a modular source")
    item = source.items.get(request.path_params["item_id"])
    if item is None:
        return None, failure(404, "NOT_FOUND", "Work item not found")
    return item, None


class Reads:
    """The GET endpoints over the sandbox's state, plus its sandbox-only mode switch."""

    def __init__(self, state: InterchangeState) -> None:
        self.state = state

    async def list_items(self, request: Request, key: str) -> Response:
        source = self.state.sources.get(request.path_params["source_id"])
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
        summaries = [it.summary() for it in matches[:limit]]
        return ok(self.state.mode, {"items": summaries, "total": len(matches)})

    async def get_item(self, request: Request, key: str) -> Response:
        item, missing = item_of(self.state, request)
        if item is None:
            return missing or failure(404, "NOT_FOUND", "Work item not found")
        return ok(self.state.mode, {"item": item.detail(), "events": list(item.events)})

    async def set_mode(self, request: Request) -> Response:
        mode = self.state.mode
        body = await request.json()
        mode.envelope = bool(body.get("envelope", mode.envelope))
        mode.rate_limit_per_minute = int(body.get("rateLimitPerMinute", mode.rate_limit_per_minute))
        mode.tos_accepted = bool(body.get("tosAccepted", mode.tos_accepted))
        return JSONResponse(vars(mode))
