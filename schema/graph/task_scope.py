"""What the `tasks` queue asks each source and what a source answers: its reader's contract."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from gateway.context import Info
from gateway.errors import GatewayError, SourceNotConfigured
from schema.graph.task import Task
from schema.graph.task_states import TaskSource, TaskState


@dataclass(frozen=True)
class TaskScope:
    """What each upstream needs to be asked, with the settings' defaults already applied."""

    states: frozenset[TaskState]
    sources: frozenset[TaskSource]
    interchange_source_ids: Sequence[str] | None
    catalog_item_ids: Sequence[str] | None
    limit: int


@dataclass
class SourceBatch:
    """One source's part of the queue, or why it is missing."""

    source: TaskSource
    tasks: list[Task] = field(default_factory=list)
    error: GatewayError | None = None
    # The upstream holds more matching tasks than the fetch limit let the gateway read.
    truncated: bool = False

    @property
    def configured(self) -> bool:
        return not isinstance(self.error, SourceNotConfigured)


ReadTasks = Callable[[Info, TaskScope], Awaitable[SourceBatch]]
# Counts by state, and whether they are exact (False when the scope was cut to its bounds).
CountTasks = Callable[[Info, TaskScope], Awaitable[tuple[Counter[TaskState], bool]]]


@dataclass(frozen=True)
class TaskReader:
    """How one source's work joins the queue; each source's `tasks.py` defines its `READER`."""

    source: TaskSource
    read: ReadTasks
    # Only for sources with upstream totals: `taskSummary` counts the others from `read`.
    count: CountTasks | None = None
