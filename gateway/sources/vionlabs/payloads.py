"""The Vionlabs Tasks API bodies, exactly as the wire has them (reference: vionlabs-tasks.md)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class LinkPayload(_Wire):
    href: str
    method: str = "GET"


class TaskStatePayload(_Wire):
    # Free text: the upstream's status enum is not published (reference: TaskStatus object).
    status: str
    error: str | None = None


class TaskStatusPayload(TaskStatePayload):
    """Endpoints 1-3: flat `status`/`error` plus hypermedia `_links`."""

    # Link names are not documented; the whole map is kept.
    links: dict[str, LinkPayload] = Field(default_factory=dict, alias="_links")


class ListedTaskPayload(_Wire):
    """Endpoint 4's element: status nested under `task_status`, and no `_links`."""

    task_status: TaskStatePayload
    # Kept as a string: a product the gateway does not know yet must not fail the list.
    product: str
    version: str


class ValidationProblemPayload(_Wire):
    # Strings or integers, e.g. ["path", "product"] or ["body", "items", 0].
    loc: list[str | int] = Field(default_factory=list)
    msg: str = ""
    type: str = ""
    # pydantic v2's `input` and `ctx` are ignored on purpose: `input` may echo request values.


class ErrorPayload(_Wire):
    """FastAPI errors: `detail` is a list for 422 and a string for everything else."""

    detail: list[ValidationProblemPayload] | str | None = None
