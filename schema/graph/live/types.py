"""The events a live subscription delivers: changes, snapshots, and sources going down or up."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import strawberry

from gateway.errors import CircuitOpen
from gateway.live import Change, Changed, Degraded, Item, Poller, Recovered
from schema.graph.task import Task
from schema.graph.task_states import TaskState

if TYPE_CHECKING:
    from schema.graph.task_sources import TaskSource


def task_source(name: str) -> TaskSource:
    # `TaskSource` and the queue's order are made from the registered sources, and a source's
    # own subscriptions load these types while they register: both are named lazily (as `Task`
    # does).
    from schema.graph.task_sources import TaskSource

    return TaskSource(name)


@strawberry.enum(description="How a task changed between two polls.")
class TaskChangeKind(Enum):
    APPEARED = strawberry.enum_value("APPEARED", description="It entered the scope.")
    CHANGED = strawberry.enum_value("CHANGED", description="One of `changedFields` changed.")
    DISAPPEARED = strawberry.enum_value(
        "DISAPPEARED", description="It left the scope (a state outside the filter, or gone)."
    )


@strawberry.enum(description="A field whose change is an event.")
class TaskField(Enum):
    STATE = strawberry.enum_value("state", description="The normalised `state`.")
    STATUS_RAW = strawberry.enum_value("statusRaw", description="The source's own status.")
    DUE_AT = strawberry.enum_value("dueAt", description="The due date.")
    ASSIGNEE = strawberry.enum_value("assignee", description="Who it is assigned to.")


@strawberry.enum(description="Why a snapshot was sent.")
class SnapshotReason(Enum):
    INITIAL = strawberry.enum_value("INITIAL", description="The first event of a subscription.")
    LAGGED = strawberry.enum_value(
        "LAGGED", description="The client read too slowly: this replaces the events it missed."
    )


@strawberry.type(description="The fields of a task that events are about, at one moment.")
class TaskValues:
    state: TaskState = strawberry.field(description="The normalised state.")
    status_raw: str | None = strawberry.field(description="The status as the source spells it.")
    due_at: dt.datetime | None = strawberry.field(description="When it is due.")
    assignee: str | None = strawberry.field(description="Who it is assigned to.")

    @classmethod
    def of(cls, item: Item | None) -> TaskValues | None:
        if item is None:
            return None
        facts = item.value.task_facts()
        return cls(
            state=facts.state,
            status_raw=facts.source_status,
            due_at=facts.due_at,
            assignee=facts.assignee,
        )


@strawberry.type(description="A task appeared in the scope, changed, or left it.")
class TaskChange:
    kind: TaskChangeKind = strawberry.field(description="Appeared, changed or disappeared.")
    task: Task = strawberry.field(
        description="The task as now; for DISAPPEARED, as it was last seen."
    )
    changed_fields: list[TaskField] = strawberry.field(description="Empty unless CHANGED.")
    previous: TaskValues | None = strawberry.field(description="Null when it APPEARED.")
    current: TaskValues | None = strawberry.field(
        description="Null when it DISAPPEARED: finished or cancelled (outside the states asked"
        " for), or gone from the source."
    )
    detected_at: dt.datetime = strawberry.field(
        description="When the poll that saw it ended (the upstream keeps no change times)."
    )

    @classmethod
    def of(cls, change: Change) -> TaskChange:
        return cls(
            kind=TaskChangeKind(change.kind.value),
            task=change.item.value,
            changed_fields=[TaskField(name) for name in change.fields],
            previous=TaskValues.of(change.before),
            current=TaskValues.of(change.after),
            detected_at=dt.datetime.now(dt.UTC),
        )


@strawberry.type(description="Whether one source's part of a snapshot is there.")
class LiveSourceStatus:
    source: Annotated[TaskSource, strawberry.lazy("schema.graph.task_sources")] = strawberry.field(
        description="The source."
    )
    ok: bool = strawberry.field(description="False when its tasks are missing (it failed).")
    error_code: str | None = strawberry.field(description="Why, as an error's `code`.")


@strawberry.type(
    description="Every task in the scope now: first on subscribing (INITIAL), and instead of the"
    " events a slow client missed (LAGGED)."
)
class TaskSnapshot:
    reason: SnapshotReason = strawberry.field(description="Why it was sent.")
    missed_events: int = strawberry.field(description="Events replaced by this snapshot.")
    tasks: list[Task] = strawberry.field(description="Ordered by due date, as `tasks`.")
    sources: list[LiveSourceStatus] = strawberry.field(
        description="Which sources' tasks are in it: a dashboard shows what part is missing."
    )

    @classmethod
    def of(cls, pollers: list[Poller], reason: SnapshotReason, missed: int) -> TaskSnapshot:
        tasks: dict[str, Task] = {}
        # Per source, the first failure among its pollers (None: all of them answered).
        failures: dict[TaskSource, str | None] = {}
        for poller in pollers:
            for key, item in (poller.snapshot.items if poller.snapshot else {}).items():
                tasks[key] = item.value
            source = task_source(poller.target.source)
            code = poller.degraded.error.code if poller.degraded else None
            failures[source] = failures.get(source) or code
        sources = [
            LiveSourceStatus(source=source, ok=code is None, error_code=code)
            for source, code in failures.items()
        ]
        from schema.graph.tasks import DEFAULT_ORDER, sort_key

        ordered = sorted(tasks.values(), key=lambda task: sort_key(task, DEFAULT_ORDER))
        return cls(reason=reason, missed_events=missed, tasks=ordered, sources=sources)


@strawberry.type(
    description="A source stopped answering: its tasks are not updated until it is back."
)
class SourceDegraded:
    source: Annotated[TaskSource, strawberry.lazy("schema.graph.task_sources")] = strawberry.field(
        description="The source that fails."
    )
    error_code: str = strawberry.field(description="The failure's error `code`.")
    message: str = strawberry.field(description="The gateway's own words for it.")
    circuit_open: bool = strawberry.field(description="Its circuit breaker is open.")
    retry_in_seconds: float = strawberry.field(description="When the poller tries it again.")

    @classmethod
    def of(cls, event: Degraded) -> SourceDegraded:
        source = task_source(event.source)
        # The gateway's own words: an upstream's text may say more than a client should read.
        return cls(
            source=source,
            error_code=event.error.code,
            message=f"{event.source} is failing ({event.error.code}); its tasks may be stale",
            circuit_open=isinstance(event.error, CircuitOpen),
            retry_in_seconds=round(event.retry_in_s, 3),
        )


@strawberry.type(description="A source that was degraded answers again.")
class SourceRecovered:
    source: Annotated[TaskSource, strawberry.lazy("schema.graph.task_sources")] = strawberry.field(
        description="The source that answers again."
    )

    @classmethod
    def of(cls, event: Recovered) -> SourceRecovered:
        return cls(source=task_source(event.source))


TaskEvent = Annotated[
    TaskChange | TaskSnapshot | SourceDegraded | SourceRecovered,
    strawberry.union("TaskEvent", description="What a live subscription delivers."),
]


def event_of(
    event: Changed | Degraded | Recovered,
) -> TaskChange | SourceDegraded | SourceRecovered:
    if isinstance(event, Changed):
        return TaskChange.of(event.change)
    if isinstance(event, Degraded):
        return SourceDegraded.of(event)
    return SourceRecovered.of(event)
