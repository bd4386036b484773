"""Work instances (IBM Blueworks Live): the workflows and checklists the caller started."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable
from typing import Self

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.sources.blueworks.client import BlueworksClient
from gateway.sources.blueworks.loaders import WorkDetailByIdLoader, WorkDetailKey
from gateway.sources.blueworks.payloads import (
    AppPayload,
    TaskPayload,
    WorkDetailPayload,
    WorkPayload,
)
from schema.blueworks.enums import WorkAppType, WorkInstanceStatus, WorkTaskStatus, from_wire
from schema.blueworks.states import STATES
from schema.graph.ids import join_key, split_key
from schema.graph.limits.cost import Site, cost
from schema.graph.task import Task, TaskFacts


def from_epoch_ms(value: int | None) -> dt.datetime | None:
    return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC) if value is not None else None


# WorkDetail, shared by `detail` and `tasks`.
DETAIL = "blueworks.work_detail"


def hops(site: Site) -> int:
    """Calls one Blueworks call takes: two until the client has followed the redirect to the
    account's host once (it remembers it), then one."""
    client = site.client(BlueworksClient)
    return 2 if client is None or client.account_base is None else 1


@strawberry.type(description="The app (process) a work instance was started from.")
class WorkApp:
    upstream_id: strawberry.ID = strawberry.field(
        description="The app's id in Blueworks Live. Apps have no global id: the gateway reads "
        "them only from WorkList's side list and cannot refetch one."
    )
    type: WorkAppType = strawberry.field(
        description="Workflow or checklist; UNKNOWN when Blueworks did not describe the app."
    )


@strawberry.type(description="One task of a work instance, in Blueworks Live.")
class WorkTask(relay.Node):
    key: relay.NodeID[str]
    name: str = strawberry.field(description="What the task is.")
    assignee: str | None = strawberry.field(description="Who it is assigned to, if anyone.")
    status: WorkTaskStatus = strawberry.field(
        description="Where the task stands; UNKNOWN for a status this gateway does not know."
    )
    status_raw: str = strawberry.field(description="The status exactly as Blueworks spells it.")
    due_at: dt.datetime | None = strawberry.field(
        description="When it is due; null when it has no due date."
    )
    approval_step: bool = strawberry.field(description="Whether the task is an approval.")
    is_approved: bool | None = strawberry.field(
        description="For an approval, whether it was approved; null while undecided."
    )
    task_id: strawberry.Private[str]

    @strawberry.field(description="The task's id in Blueworks Live.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.task_id)

    @classmethod
    def from_payload(cls, work_id: str, payload: TaskPayload) -> Self:
        return cls(
            key=join_key(work_id, payload.id),
            name=payload.name,
            assignee=payload.assigned_to,
            status=from_wire(WorkTaskStatus, payload.status, WorkTaskStatus.UNKNOWN),
            status_raw=payload.status,
            due_at=from_epoch_ms(payload.due_date),
            approval_step=payload.approval_step,
            is_approved=payload.is_approved,
            task_id=payload.id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        """Each task from its instance's WorkDetail, one call per instance, as the caller."""
        keys = [split_key(node_id, 2) for node_id in node_ids]
        work_ids = list(dict.fromkeys(k[0] for k in keys if k is not None))
        details = await asyncio.gather(*(load_detail(info, w) for w in work_ids))
        tasks = {
            (work_id, task.id): task
            for work_id, detail in zip(work_ids, details, strict=True)
            if detail is not None
            for task in detail.tasks
        }
        return [
            cls.from_payload(key[0], task)
            if key is not None and (task := tasks.get((key[0], key[1]))) is not None
            else None
            for key in keys
        ]


@strawberry.type(description="What WorkDetail adds to a work instance.")
class WorkInstanceDetail:
    subject: str | None = strawberry.field(description="What the instance is about.")
    details: str | None = strawberry.field(description="The instance's description.")
    can_manage_work: bool = strawberry.field(
        description="Whether the caller may manage the instance (reassign, cancel...)."
    )

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
    name: str = strawberry.field(description="The name given when the instance was started.")
    status: WorkInstanceStatus = strawberry.field(
        description="Where the instance stands; UNKNOWN when refetched through `node` "
        "(WorkDetail does not carry it) or for a status this gateway does not know."
    )
    remaining_task_count: int | None = strawberry.field(
        description="How many tasks are still to complete; null when refetched through `node`."
    )
    due_at: dt.datetime | None = strawberry.field(
        description="The earliest task due date; null when no task has one (or via `node`)."
    )
    app: WorkApp | None = strawberry.field(
        description="The app it was started from; null when refetched through `node`."
    )
    wire_status: strawberry.Private[str | None]

    def task_facts(self) -> TaskFacts:
        # WorkList gives no creation or change times, and no assignee: the instances listed are
        # the ones the caller started (reference: Purpose).
        return TaskFacts(
            states=STATES,
            title=self.name,
            source_status=self.wire_status,
            due_at=self.due_at,
        )

    @strawberry.field(description="The work instance's id in Blueworks Live.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @strawberry.field(
        metadata=cost(lambda site: site.objects * hops(site), fans_out=True, loader=DETAIL),
        description="Subject and details, from one WorkDetail call when asked.",
    )
    async def detail(self, info: Info) -> WorkInstanceDetail | None:
        payload = await load_detail(info, self.key)
        return WorkInstanceDetail.from_payload(payload) if payload is not None else None

    @strawberry.field(
        metadata=cost(lambda site: site.objects * hops(site), fans_out=True, loader=DETAIL),
        description="The instance's tasks, from the same WorkDetail call.",
    )
    async def tasks(self, info: Info) -> list[WorkTask] | None:
        payload = await load_detail(info, self.key)
        if payload is None:
            return None
        return [WorkTask.from_payload(self.key, t) for t in payload.tasks]

    @classmethod
    def from_payload(cls, payload: WorkPayload, app: AppPayload | None = None) -> Self:
        """A list entry, joined with its app from the page's side list (reference: Quirks)."""
        return cls(
            key=payload.id,
            name=payload.name,
            status=from_wire(WorkInstanceStatus, payload.status, WorkInstanceStatus.UNKNOWN),
            wire_status=payload.status,
            remaining_task_count=payload.remaining_tasks,
            due_at=from_epoch_ms(payload.due_date),
            app=WorkApp(
                upstream_id=strawberry.ID(payload.app_id),
                type=from_wire(WorkAppType, app.type, WorkAppType.UNKNOWN)
                if app
                else WorkAppType.UNKNOWN,
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
            status=WorkInstanceStatus.UNKNOWN,
            wire_status=None,
            remaining_task_count=None,
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


@strawberry.type(description="A page of work instances; no total, Blueworks does not count.")
class WorkInstanceConnection(relay.Connection[WorkInstance]):
    """No total: Blueworks only says whether there are `more` (reference: Pagination)."""
