"""Vionlabs' column of the state table: catalog task statuses as task states."""

from __future__ import annotations

from schema.graph.task_states import SourceStates, TaskState

STATES = SourceStates(
    name="vionlabs",
    title="Vionlabs",
    description="Vionlabs catalog tasks (`CatalogTask`).",
    statuses={
        "pending": TaskState.OPEN,
        "processing": TaskState.IN_PROGRESS,
        "done": TaskState.DONE,
        "failed": TaskState.FAILED,
        "deactivated": TaskState.CANCELLED,
    },
)
