"""The `Task` interface: what every source's unit of work has in common."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import relay

from schema.graph.task_states import SourceStates, TaskState

if TYPE_CHECKING:
    from schema.graph.task_sources import TaskSource


@dataclass(frozen=True)
class TaskFacts:
    """A task as the queue sees it; each implementing type says how its fields map."""

    # Its source's column of the state table (`schema/<source>/states.py`).
    states: SourceStates
    title: str
    source_status: str | None
    due_at: dt.datetime | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    assignee: str | None = None

    @property
    def source(self) -> str:
        """The source's registered name: its `TaskSource` value."""
        return self.states.name

    @property
    def state(self) -> TaskState:
        return self.states.state_of(self.source_status)


@strawberry.interface(
    description="Work in any source that may need attention: a work item, a work instance, "
    "a catalog task or a send task."
)
class Task(relay.Node):
    def task_facts(self) -> TaskFacts:
        raise NotImplementedError

    @strawberry.field(description="What the work is, in a few words.")
    def title(self) -> str:
        return self.task_facts().title

    @strawberry.field(
        description="The state in the same six words for every source (the table in docs/graph.md)."
    )
    def state(self) -> TaskState:
        return self.task_facts().state

    @strawberry.field(
        description="The status exactly as the source spells it (`state` reads it as one of "
        "six words); null when the source did not say."
    )
    def status_raw(self) -> str | None:
        return self.task_facts().source_status

    @strawberry.field(description="The upstream system the task lives in.")
    def source(self) -> Annotated[TaskSource, strawberry.lazy("schema.graph.task_sources")]:
        # Imported when asked: TaskSource is made from the registered sources, whose types
        # import this module while they load.
        from schema.graph.task_sources import TaskSource

        return TaskSource(self.task_facts().source)

    @strawberry.field(description="When it is due; null when the source does not say.")
    def due_at(self) -> dt.datetime | None:
        return self.task_facts().due_at

    @strawberry.field(description="When it was created; null when the source does not say.")
    def created_at(self) -> dt.datetime | None:
        return self.task_facts().created_at

    @strawberry.field(description="When it last changed; null when the source does not say.")
    def updated_at(self) -> dt.datetime | None:
        return self.task_facts().updated_at

    @strawberry.field(description="Who it is assigned to, where the source knows.")
    def assignee(self) -> str | None:
        return self.task_facts().assignee
