"""Blueworks Live WorkList and WorkDetail bodies, exactly as the wire has them (camelCase keys)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator
from pydantic.alias_generators import to_camel


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", alias_generator=to_camel, populate_by_name=True)

    @field_validator("id", "app_id", mode="before", check_fields=False)
    @classmethod
    def _id_as_string(cls, value: object) -> object:
        # IDs are short hex strings in IBM's examples; a numeric one is accepted as its digits.
        return str(value) if isinstance(value, int) else value


class WorkPayload(_Wire):
    id: str
    name: str
    # Capitalised words on the wire: Active, Completed, Cancelled, Overdue (reference: Quirks).
    status: str
    remaining_tasks: int = 0
    # Epoch milliseconds; the key is absent (not null) when undated. null is tolerated too.
    due_date: int | None = None
    app_id: str | None = None


class AppPayload(_Wire):
    id: str
    # Workflow or Checklist.
    type: str


class WorkListPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    work: list[WorkPayload] = []
    more: bool = False
    # One entry per distinct appId of the page (ASSUMPTION: the page only).
    apps: list[AppPayload] = []
    type: str | None = None
    # ASSUMPTION: echoed verbatim; not checked, so a server that echoes nothing is fine too.
    version: str | None = None


class TaskPayload(_Wire):
    id: str
    name: str
    # e.g. Completed, NotStarted (reference: Related resources); kept verbatim.
    status: str
    assigned_to: str | None = None
    due_date: int | None = None
    approval_step: bool = False
    is_approved: bool | None = None


class WorkDetailPayload(_Wire):
    # Not listed in the reference's WorkDetail fields; the work id is the lookup key anyway.
    id: str | None = None
    name: str | None = None
    subject: str | None = None
    details: str | None = None
    can_manage_work: bool = False
    runtime_version: list[Any] = []
    tasks: list[TaskPayload] = []


class WorkDetailDocumentPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    work: WorkDetailPayload


class TokenPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    access_token: str
    token_type: str = "bearer"  # noqa: S105 - a token kind, not a secret
    # Public client code reads it; absent means: keep the token until the upstream refuses it.
    expires_in: float | None = None
