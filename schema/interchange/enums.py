"""Interchange's enums: a work item's status and kind, as the upstream spells them."""

from __future__ import annotations

from enum import Enum

from schema.graph.described import graph_enum


@graph_enum(
    "Where a work item is; the upstream hides COMPLETED and CANCELLED unless asked for them.",
    OPEN="Waiting for someone to act.",
    IN_PROGRESS="Someone is working on it.",
    BLOCKED="Cannot go on; `blockedReason` says why.",
    COMPLETED="Resolved with `completeWorkItem` (final).",
    CANCELLED="No longer needed (final).",
    UNKNOWN="Interchange sent a status this gateway does not know, or none and the filter did "
    "not pin one (see `statusRaw`); never accepted as input.",
)
class WorkItemStatus(Enum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    BLOCKED = "BLOCKED"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    UNKNOWN = "UNKNOWN"


@graph_enum(
    "What a person has to do for the work item.",
    APPROVE_MEDIA_BUY="Approve a media buy.",
    REVIEW_CREATIVE="Review a creative.",
    CONFIRM_AVAILS="Confirm available inventory.",
    APPROVE_RATE_EXCEPTION="Approve a rate outside the rate card.",
    MAP_CREATIVE_REF="Map a creative reference to the upstream's creative.",
    SYNC_UPSTREAM_CREATIVE="Sync a creative with the upstream system.",
    EXECUTE_UPSTREAM_BOOKING="Book the order in the upstream system.",
    TRAFFIC_TO_CADENT="Traffic the order to Cadent.",
    RESOLVE_TRAFFICKING_ERROR="Resolve an error in trafficking.",
    UPLOAD_FINAL_REPORT="Upload the final delivery report.",
    RESOLVE_SOURCE_HEALTH="Fix a problem with the inventory source itself.",
    GENERAL="Anything else.",
    UNKNOWN="Interchange sent a kind this gateway does not know, or none and the filter did "
    "not pin one; never accepted as input.",
)
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
    UNKNOWN = "UNKNOWN"
