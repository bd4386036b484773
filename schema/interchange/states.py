"""Interchange's column of the state table: work item statuses as task states."""

from __future__ import annotations

from schema.graph.task_states import SourceStates, TaskState

# Interchange is asked for these statuses (the filter is pushed down, reference: WorkItemStatus).
STATES = SourceStates(
    name="interchange",
    title="Interchange",
    description="Interchange storefront work items (`WorkItem`).",
    statuses={
        "OPEN": TaskState.OPEN,
        "IN_PROGRESS": TaskState.IN_PROGRESS,
        "BLOCKED": TaskState.BLOCKED,
        "COMPLETED": TaskState.DONE,
        "CANCELLED": TaskState.CANCELLED,
    },
    notes={"OPEN": "and items whose status the wire omits"},
)
