"""Interchange's enums: a work item's status and kind, as the upstream spells them."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(
    description="Where a work item is; the upstream hides COMPLETED and CANCELLED "
    "unless asked for them."
)
class WorkItemStatus(Enum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    BLOCKED = "BLOCKED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"


@strawberry.enum(description="What a person has to do for the work item.")
class WorkItemKind(Enum):
    APPROVE_MEDIA_BUY = "APPROVE_MEDIA_BUY"
    REVIEW_CREATIVE = "REVIEW_CREATIVE"
    CONFIRM_AVAILS = "CONFIRM_AVAILS"
    APPROVE_RATE_EXCEPTION = "APPROVE_RATE_EXCEPTION"
    MAP_CREATIVE_REF = "MAP_CREATIVE_REF"
    SYNC_UPSTREAM_CREATIVE = "SYNC_UPSTREAM_CREATIVE"
    EXECUTE_UPSTREAM_BOOKING = "EXECUTE_UPSTREAM_BOOKING"
    TRAFFIC_TO_CADENT = "TRAFFIC_TO_CADENT"
    RESOLVE_TRAFFICKING_ERROR = "RESOLVE_TRAFFICKING_ERROR"
    UPLOAD_FINAL_REPORT = "UPLOAD_FINAL_REPORT"
    RESOLVE_SOURCE_HEALTH = "RESOLVE_SOURCE_HEALTH"
    GENERAL = "GENERAL"
