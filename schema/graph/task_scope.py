"""What the `tasks` queue asks each source and what a source answers: its reader's contract."""

from __future__ import annotations

from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field

from strawberry.utils.str_converters import to_camel_case

from gateway.context import Info
from gateway.errors import GatewayError, SourceNotConfigured
from schema.graph.limits.cost import Site
from schema.graph.task import Task
from schema.graph.task_states import SourceStates, TaskState


@dataclass(frozen=True)
class TaskScope:
    """What the caller asked of the queue: states, sources (by name) and each source's scope."""

    states: frozenset[TaskState]
    sources: frozenset[str]
    # What the caller gave in each source's field of `TaskScopeInput`, by source name.
    inputs: Mapping[str, Sequence[str]]
    limit: int

    def given(self, source: str) -> Sequence[str] | None:
        """The ids given for `source`'s scope field; None: read its configured defaults."""
        return self.inputs.get(source) or None


@dataclass
class SourceBatch:
    """One source's part of the queue, or why it is missing."""

    # The source's registered name.
    source: str
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
class ScopeInput:
    """A source's field of `TaskScopeInput`: ids saying what the queue reads from it."""

    # The Python name; the schema's is its camelCase (e.g. `interchangeSourceIds`).
    field: str
    description: str

    @property
    def graphql_name(self) -> str:
        return to_camel_case(self.field)


@dataclass(frozen=True)
class TaskReader:
    """How one source's work joins the queue; each source's `tasks.py` defines its `READER`."""

    states: SourceStates
    read: ReadTasks
    # Only for sources with upstream totals: `taskSummary` counts the others from `read`.
    count: CountTasks | None = None
    # Only for sources the caller may tell what to read (their ids go to `TaskScope.given`).
    scope: ScopeInput | None = None
    # Whether what it reads depends on the caller (live pollers then poll per user).
    per_caller: bool = False
    # The upstream calls `read` and `count` make at most (the cost estimate, docs/limits.md).
    read_calls: Callable[[TaskScope, Site], int] = lambda scope, site: 1
    count_calls: Callable[[TaskScope, Site], int] | None = None

    @property
    def source(self) -> str:
        return self.states.name
