"""Interchange's work item JSON, exactly as the wire has it (camelCase, most fields nullable)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic.alias_generators import to_camel

MAX_SAFE_INTEGER = 2**53 - 1


class _Wire(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


class _WorkItemFieldsPayload(_Wire):
    """What the summary and the detail share.

    Nullability is undocumented; every field but the ids, title and timestamps may be null
    (reference: WorkItemSummary, ASSUMPTION).
    """

    id: str
    storefront_id: str
    inventory_source_id: str
    module_id: str | None = None
    title: str
    description: str | None = None
    resource_type: str | None = None
    resource_id: str | None = None
    media_buy_id: str | None = None
    buyer_customer_id: int | None = Field(default=None, ge=0, le=MAX_SAFE_INTEGER)
    assigned_to: str | None = None
    due_at: datetime | None = None
    blocked_reason: str | None = None
    created_by_type: str | None = None
    created_by_id: str | None = None
    completed_by: str | None = None
    completed_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    # Not in the documented item schema although both are filters (reference: Quirks); kept
    # verbatim, unknown values included, and absent more often than not on a real upstream.
    status: str | None = None
    kind: str | None = None

    @field_validator("id", "storefront_id", "inventory_source_id", mode="before")
    @classmethod
    def _id_as_string(cls, value: object) -> object:
        # "Numeric-looking" ids (reference: WorkItemSummary); accept them as JSON numbers too.
        return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class WorkItemSummaryPayload(_WorkItemFieldsPayload):
    """A list element: carries `requiredResultFields`, not `payload`/`result`."""

    required_result_fields: list[str]


class WorkItemDetailPayload(_WorkItemFieldsPayload):
    """The single-item GET: carries `payload`/`result`, not `requiredResultFields`."""

    payload: dict[str, Any] | None = None
    result: dict[str, Any] | None = None


class WorkItemEventPayload(_Wire):
    id: str
    work_item_id: str
    event_type: str
    actor_type: str | None = None
    actor_id: str | None = None
    notes: str | None = None
    payload: dict[str, Any] | None = None
    created_at: datetime


class WorkItemListPayload(_Wire):
    items: list[WorkItemSummaryPayload]
    # Bounded at 2^52-1 by the schema (reference: Quirks); counts every match, not just `limit`.
    total: int = Field(ge=0, le=MAX_SAFE_INTEGER)


class WorkItemDocumentPayload(_Wire):
    item: WorkItemDetailPayload
    events: list[WorkItemEventPayload]


class WorkItemCompletionPayload(_Wire):
    ok: Literal[True]
    item: WorkItemDetailPayload


class ListEnvelopePayload(_Wire):
    """`{"data": {...}, "error": null}`; `data` absent: the bare payload (reference: envelope)."""

    data: WorkItemListPayload | None = None


class DocumentEnvelopePayload(_Wire):
    data: WorkItemDocumentPayload | None = None


class CompletionEnvelopePayload(_Wire):
    data: WorkItemCompletionPayload | None = None


class ErrorBodyPayload(_Wire):
    code: str
    message: str
    field: str | None = None
    details: dict[str, Any] | None = None


class FailureEnvelopePayload(_Wire):
    """`{"data": null, "error": {...}}` (reference: Response envelope and errors)."""

    error: ErrorBodyPayload
