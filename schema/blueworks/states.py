"""Blueworks' column of the state table: work instance statuses as task states."""

from __future__ import annotations

from schema.graph.task_states import SourceStates, TaskState

STATES = SourceStates(
    name="blueworks",
    title="Blueworks",
    description="IBM Blueworks Live work instances (`WorkInstance`).",
    statuses={
        "Active": TaskState.IN_PROGRESS,
        # Overdue instances are still running; `dueAt` shows how late they are.
        "Overdue": TaskState.IN_PROGRESS,
        "Completed": TaskState.DONE,
        "Cancelled": TaskState.CANCELLED,
    },
)
