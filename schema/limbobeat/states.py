"""limbo/Beat's column of the state table: send task statuses as task states."""

from __future__ import annotations

from schema.graph.task_states import SourceStates, TaskState

# limbo/Beat is asked for these statuses (the filter is pushed down).
STATES = SourceStates(
    name="limbobeat",
    title="limbo/Beat",
    description="limbo/Beat send tasks (`SendTask`).",
    statuses={
        "pending": TaskState.OPEN,
        "waiting": TaskState.IN_PROGRESS,
        # The upstream's own spelling, and the correct one should it ever be fixed.
        "procesing": TaskState.IN_PROGRESS,
        "processing": TaskState.IN_PROGRESS,
        "completed": TaskState.DONE,
        "error": TaskState.FAILED,
    },
    notes={"procesing": "sic"},
)
