"""The Interchange sandbox's state: inventory sources, their work items and events, the mode.

Part of the simulator (reference: shared/upstreams/interchange-work-items.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

STATUSES = ("OPEN", "IN_PROGRESS", "BLOCKED", "COMPLETED", "CANCELLED")
DEFAULT_STATUSES = ("OPEN", "IN_PROGRESS", "BLOCKED")
KINDS = (
    "APPROVE_MEDIA_BUY",
    "REVIEW_CREATIVE",
    "CONFIRM_AVAILS",
    "APPROVE_RATE_EXCEPTION",
    "MAP_CREATIVE_REF",
    "SYNC_UPSTREAM_CREATIVE",
    "EXECUTE_UPSTREAM_BOOKING",
    "TRAFFIC_TO_CADENT",
    "RESOLVE_TRAFFICKING_ERROR",
    "UPLOAD_FINAL_REPORT",
    "RESOLVE_SOURCE_HEALTH",
    "GENERAL",
)
MODULE_OF_KIND = {
    "APPROVE_MEDIA_BUY": "booking-ledger",
    "REVIEW_CREATIVE": "trafficking",
    "CONFIRM_AVAILS": "inventory-feed",
    "APPROVE_RATE_EXCEPTION": "booking-ledger",
    "MAP_CREATIVE_REF": "trafficking",
    "SYNC_UPSTREAM_CREATIVE": "trafficking",
    "EXECUTE_UPSTREAM_BOOKING": "booking-ledger",
    "TRAFFIC_TO_CADENT": "trafficking",
    "RESOLVE_TRAFFICKING_ERROR": "trafficking",
    "UPLOAD_FINAL_REPORT": "reporting-import",
    "RESOLVE_SOURCE_HEALTH": "status-sync",
    "GENERAL": "status-sync",
}
REQUIRED_RESULT_FIELDS = {
    "APPROVE_MEDIA_BUY": ["decision"],
    "REVIEW_CREATIVE": ["decision"],
    "CONFIRM_AVAILS": ["availableImpressions"],
    "APPROVE_RATE_EXCEPTION": ["decision", "approvedRate"],
    "MAP_CREATIVE_REF": ["upstreamCreativeId"],
    "EXECUTE_UPSTREAM_BOOKING": ["upstreamBookingId"],
    "UPLOAD_FINAL_REPORT": ["reportUrl"],
}
MAX_SAFE_INTEGER = 2**53 - 1


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class WorkItem:
    id: str
    status: str
    kind: str
    common: dict[str, Any]
    required_result_fields: list[str]
    payload: dict[str, Any]
    result: dict[str, Any] | None
    events: list[dict[str, Any]] = field(default_factory=list)
    # The documented item schema has no status/kind (reference: Quirks); some items omit them.
    hides_status_kind: bool = False

    def _fields(self) -> dict[str, Any]:
        fields = dict(self.common)
        if not self.hides_status_kind:
            fields |= {"status": self.status, "kind": self.kind}
        return fields

    def summary(self) -> dict[str, Any]:
        return self._fields() | {"requiredResultFields": list(self.required_result_fields)}

    def detail(self) -> dict[str, Any]:
        return self._fields() | {"payload": self.payload, "result": self.result}

    def event(self, event_type: str, at: datetime, actor: tuple[str, str], **extra: Any) -> None:
        self.events.append(
            {
                "id": f"ev-{self.id}-{len(self.events) + 1}",
                "workItemId": self.id,
                "eventType": event_type,
                "actorType": actor[0],
                "actorId": actor[1],
                "notes": extra.get("notes"),
                "payload": extra.get("payload", {}),
                "createdAt": iso(at),
            }
        )


@dataclass
class InventorySource:
    slug: str
    # Internal numeric-looking id, unlike the slug in the path (reference: WorkItemSummary).
    inventory_source_id: str
    items: dict[str, WorkItem]


@dataclass
class Mode:
    """Sandbox-only switches, set through `PUT /_sandbox/mode` (not part of the upstream)."""

    # Wrap successes in {data, error} (the reference's ASSUMPTION) or answer the bare payload.
    envelope: bool = True
    # The documented baseline: 100 requests per minute (reference: Rate limits).
    rate_limit_per_minute: int = 100
    tos_accepted: bool = True


@dataclass
class InterchangeState:
    """Everything the sandbox upstream holds."""

    sources: dict[str, InventorySource]
    mode: Mode = field(default_factory=Mode)
