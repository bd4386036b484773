"""Work instances (IBM Blueworks Live): the workflows and checklists the caller started."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from typing import Self

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.sources.blueworks.loaders import WorkDetailByIdLoader, WorkDetailKey
from gateway.sources.blueworks.payloads import (
    AppPayload,
    TaskPayload,
    WorkDetailPayload,
    WorkPayload,
)
from schema.blueworks.enums import WorkAppType, WorkInstanceStatus, WorkTaskStatus, from_wire
from schema.graph.task import Task, TaskFacts
from schema.graph.task_states import TaskSource


def from_epoch_ms(value: int | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC) if value is not None else None


@strawberry.type(description="The app a work instance was started from.")
class WorkApp:
    id: strawberry.ID
    type: WorkAppType | None = strawberry.field(
        description="Null when the upstream's side list did not describe this app."
    )


@strawberry.type(description="One task of a work instance.")
class WorkTask:
    id: strawberry.ID
    name: str
    assignee: str | None
    status: WorkTaskStatus
    status_raw: str = strawberry.field(description="The status exactly as Blueworks spells it.")
    due_at: dt.datetime | None
    approval_step: bool
    is_approved: bool | None

    @classmethod
    def from_payload(cls, payload: TaskPayload) -> Self:
        return cls(
            id=strawberry.ID(payload.id),
            name=payload.name,
            assignee=payload.assigned_to,
            status=from_wire(WorkTaskStatus, payload.status, WorkTaskStatus.UNKNOWN),
            status_raw=payload.status,
            due_at=from_epoch_ms(payload.due_date),
            approval_step=payload.approval_step,
            is_approved=payload.is_approved,
        )


@strawberry.type(description="What WorkDetail adds to a work instance.")
class WorkInstanceDetail:
    subject: str | None
    details: str | None
    can_manage_work: bool

    @classmethod
    def from_payload(cls, payload: WorkDetailPayload) -> Self:
        return cls(
            subject=payload.subject,
            details=payload.details,
            can_manage_work=payload.can_manage_work,
        )


async def load_detail(info: Info, work_id: str) -> WorkDetailPayload | None:
    """WorkDetail as the caller sees it; the key carries the user so nothing crosses callers."""
    key = WorkDetailKey(user=info.context.identity.user, work_id=work_id)
    return await info.context.loader(WorkDetailByIdLoader).load(key)


@strawberry.type(description="A workflow or checklist the caller started, in Blueworks Live.")
class WorkInstance(Task):
    key: relay.NodeID[str]
    name: str
    status: WorkInstanceStatus | None = strawberry.field(
        description="Null when refetched through `node` (WorkDetail does not carry it)."
    )
    status_raw: str | None = strawberry.field(
        description="The status exactly as Blueworks spells it (e.g. `Active`)."
    )
    remaining_tasks: int | None = strawberry.field(
        description="Tasks still to complete; null when refetched through `node`."
    )
    due_at: dt.datetime | None = strawberry.field(
        description="The earliest task due date; null when no task has one (or via `node`)."
    )
    app: WorkApp | None = strawberry.field(
        description="The app it was started from; null when refetched through `node`."
    )

    def task_facts(self) -> TaskFacts:
        # WorkList gives no creation or change times, and no assignee: the instances listed are
        # the ones the caller started (reference: Purpose).
        return TaskFacts(
            source=TaskSource.BLUEWORKS,
            title=self.name,
            source_status=self.status_raw,
            due_at=self.due_at,
        )

    @strawberry.field(description="The work instance's id in Blueworks Live.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @strawberry.field(description="Subject and details, from one WorkDetail call when asked.")
    async def detail(self, info: Info) -> WorkInstanceDetail | None:
        payload = await load_detail(info, self.key)
        return WorkInstanceDetail.from_payload(payload) if payload is not None else None

    @strawberry.field(description="The instance's tasks, from the same WorkDetail call.")
    async def tasks(self, info: Info) -> list[WorkTask] | None:
        payload = await load_detail(info, self.key)
        return [WorkTask.from_payload(t) for t in payload.tasks] if payload is not None else None

    @classmethod
    def from_payload(cls, payload: WorkPayload, app: AppPayload | None = None) -> Self:
        """A list entry, joined with its app from the page's side list (reference: Quirks)."""
        return cls(
            key=payload.id,
            name=payload.name,
            status=from_wire(WorkInstanceStatus, payload.status, WorkInstanceStatus.UNKNOWN),
            status_raw=payload.status,
            remaining_tasks=payload.remaining_tasks,
            due_at=from_epoch_ms(payload.due_date),
            app=WorkApp(
                id=strawberry.ID(payload.app_id),
                type=from_wire(WorkAppType, app.type, WorkAppType.UNKNOWN) if app else None,
            )
            if payload.app_id
            else None,
        )

    @classmethod
    def from_detail(cls, work_id: str, payload: WorkDetailPayload) -> Self:
        """What a refetch by id can know: WorkDetail is the only lookup by id."""
        return cls(
            key=work_id,
            name=payload.name or "",
            status=None,
            status_raw=None,
            remaining_tasks=None,
            due_at=None,
            app=None,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        ids = list(node_ids)
        payloads = await asyncio.gather(*(load_detail(info, i) for i in ids))
        return [cls.from_detail(i, p) if p else None for i, p in zip(ids, payloads, strict=True)]


@strawberry.type
class WorkInstanceConnection(relay.Connection[WorkInstance]):
    """No total: Blueworks only says whether there are `more` (reference: Pagination)."""
