"""How each source's own status reads as a task state: the one table (docs/graph.md shows it)."""

from __future__ import annotations

from enum import Enum

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


@graph_enum(
    "The upstream system a task lives in.",
    INTERCHANGE="Interchange storefront work items (`WorkItem`).",
    BLUEWORKS="IBM Blueworks Live work instances (`WorkInstance`).",
    VIONLABS="Vionlabs catalog tasks (`CatalogTask`).",
    LIMBOBEAT="limbo/Beat send tasks (`SendTask`).",
)
class TaskSource(Enum):
    INTERCHANGE = "interchange"
    BLUEWORKS = "blueworks"
    VIONLABS = "vionlabs"
    LIMBOBEAT = "limbobeat"


# Keys are the wire values, lower-cased. A value missing here reads as OPEN, so work in a state
# the gateway does not know yet still surfaces where a source is read without a status filter
# (Blueworks, Vionlabs; Interchange items whose status the wire omits). Interchange and
# limbo/Beat are asked for the statuses listed here, so a status they add later stays out of
# the queue until it is added to this table.
STATE_TABLE: dict[TaskSource, dict[str, TaskState]] = {
    TaskSource.INTERCHANGE: {
        "open": TaskState.OPEN,
        "in_progress": TaskState.IN_PROGRESS,
        "blocked": TaskState.BLOCKED,
        "completed": TaskState.DONE,
        "cancelled": TaskState.CANCELLED,
    },
    TaskSource.BLUEWORKS: {
        "active": TaskState.IN_PROGRESS,
        # Overdue instances are still running; `dueAt` shows how late they are.
        "overdue": TaskState.IN_PROGRESS,
        "completed": TaskState.DONE,
        "cancelled": TaskState.CANCELLED,
    },
    TaskSource.VIONLABS: {
        "pending": TaskState.OPEN,
        "processing": TaskState.IN_PROGRESS,
        "done": TaskState.DONE,
        "failed": TaskState.FAILED,
        "deactivated": TaskState.CANCELLED,
    },
    TaskSource.LIMBOBEAT: {
        "pending": TaskState.OPEN,
        "waiting": TaskState.IN_PROGRESS,
        # The upstream's own spelling, and the correct one should it ever be fixed.
        "procesing": TaskState.IN_PROGRESS,
        "processing": TaskState.IN_PROGRESS,
        "completed": TaskState.DONE,
        "error": TaskState.FAILED,
    },
}

UNMAPPED_STATE = TaskState.OPEN

NEEDS_ATTENTION = (TaskState.OPEN, TaskState.IN_PROGRESS, TaskState.BLOCKED, TaskState.FAILED)


def state_of(source: TaskSource, raw: str | None) -> TaskState:
    if raw is None:
        return UNMAPPED_STATE
    return STATE_TABLE[source].get(raw.lower(), UNMAPPED_STATE)


def statuses_for(source: TaskSource, states: frozenset[TaskState]) -> list[str]:
    """The table's statuses reading as any of `states`; each source's reader spells them its way."""
    return [raw for raw, state in STATE_TABLE[source].items() if state in states]
