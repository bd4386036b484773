"""A task's state, and how one source's statuses read as one: its column of the state table.

Each source that joins the queue keeps its column beside its types (`schema/<source>/states.py`);
`schema/graph/task_sources.py` puts the columns of the registered sources together, and
docs/graph.md shows them as one table (a test renders it from them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from schema.graph.described import graph_enum


@graph_enum(
    "A task's state, the same words for every source; a status the table does not know "
    "reads as OPEN.",
    OPEN="Waiting for someone or something to start it.",
    IN_PROGRESS="Being worked on.",
    BLOCKED="Cannot go on until something else happens.",
    DONE="Finished successfully.",
    FAILED="Finished unsuccessfully; may need a person.",
    CANCELLED="Stopped; no longer needed.",
)
class TaskState(Enum):
    OPEN = "OPEN"
    IN_PROGRESS = "IN_PROGRESS"
    BLOCKED = "BLOCKED"
    DONE = "DONE"
    FAILED = "FAILED"
    CANCELLED = "CANCELLED"


# A status missing from a column reads as OPEN, so work in a state the gateway does not know yet
# still surfaces where a source is read without a status filter (Blueworks, Vionlabs;
# Interchange items whose status the wire omits). Sources asked for the statuses of their column
# (Interchange, limbo/Beat) keep a status they add later out of the queue until it is added.
UNMAPPED_STATE = TaskState.OPEN

NEEDS_ATTENTION = (TaskState.OPEN, TaskState.IN_PROGRESS, TaskState.BLOCKED, TaskState.FAILED)


@dataclass(frozen=True)
class SourceStates:
    """One source's column of the state table, and who it is in the queue (`TaskSource`)."""

    # The source's registered name: its `TaskSource` value (the member is the name upper-cased).
    name: str
    # The source as the table's column heading names it, e.g. "limbo/Beat".
    title: str
    # Its `TaskSource` member's description.
    description: str
    # Each status as the upstream spells it (matched in any case) and the state it reads as.
    statuses: Mapping[str, TaskState]
    # A word the table adds after a status, e.g. "sic" for the upstream's own misspelling.
    notes: Mapping[str, str] = field(default_factory=dict)

    @cached_property
    def _by_status(self) -> dict[str, TaskState]:
        return {raw.casefold(): state for raw, state in self.statuses.items()}

    def state_of(self, raw: str | None) -> TaskState:
        if raw is None:
            return UNMAPPED_STATE
        return self._by_status.get(raw.casefold(), UNMAPPED_STATE)

    def statuses_for(self, states: Iterable[TaskState]) -> list[str]:
        """The column's statuses reading as any of `states`, spelled as the upstream does."""
        wanted = frozenset(states)
        return [raw for raw, state in self.statuses.items() if state in wanted]
