"""Interchange's one write: completing a work item with its required result fields.

Part of the simulator (reference: shared/upstreams/interchange-work-items.md, endpoint 3).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.sandbox.clock import SandboxClock
from gateway.sources.interchange.simulator.gate import TOS_PENDING_API_KEY
from gateway.sources.interchange.simulator.responses import Invalid, failure, ok
from gateway.sources.interchange.simulator.routes import item_of
from gateway.sources.interchange.simulator.state import InterchangeState, iso


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


class Writes:
    """The POST endpoint over the sandbox's state."""

    def __init__(self, state: InterchangeState, clock: SandboxClock) -> None:
        self.state = state
        self.clock = clock

    async def complete_item(self, request: Request, key: str) -> Response:
        if key == TOS_PENDING_API_KEY or not self.state.mode.tos_accepted:
            return failure(
                403, "TOS_ACCEPTANCE_REQUIRED", "Accept the current platform agreement first"
            )
        item, missing = item_of(self.state, request)
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
        return ok(self.state.mode, {"ok": True, "item": item.detail()})
