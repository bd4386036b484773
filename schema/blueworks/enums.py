"""Blueworks' enums, read from the capitalised words the upstream sends."""

from __future__ import annotations

import re
from enum import Enum
from typing import TypeVar

from gateway.sources.blueworks.client import WorkType
from schema.graph.described import graph_enum

E = TypeVar("E", bound=Enum)


@graph_enum(
    "Which work instances to list: still running, or finished.",
    OPEN="Instances still running (Active or Overdue).",
    CLOSED="Finished instances (Completed or Cancelled).",
)
class WorkInstanceType(Enum):
    OPEN = "open"
    CLOSED = "closed"


WORK_TYPES: dict[WorkInstanceType, WorkType] = {
    WorkInstanceType.OPEN: "open",
    WorkInstanceType.CLOSED: "closed",
}


@graph_enum(
    "Where a work instance stands.",
    ACTIVE="Running, within its due dates.",
    COMPLETED="Every task done (final).",
    CANCELLED="Stopped before completion (final).",
    OVERDUE="Running, past a due date.",
    UNKNOWN="A status this gateway does not know, or not read: a refetch through `node` "
    "cannot see the status (see `statusRaw`).",
)
class WorkInstanceStatus(Enum):
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    OVERDUE = "OVERDUE"
    UNKNOWN = "UNKNOWN"


@graph_enum(
    "The kind of app a work instance was started from.",
    WORKFLOW="A process with steps in order.",
    CHECKLIST="A list of tasks in any order.",
    UNKNOWN="A kind this gateway does not know, or one Blueworks did not describe.",
)
class WorkAppType(Enum):
    WORKFLOW = "WORKFLOW"
    CHECKLIST = "CHECKLIST"
    UNKNOWN = "UNKNOWN"


@graph_enum(
    "Where a task of a work instance stands.",
    NOT_STARTED="Nobody has started it.",
    IN_PROGRESS="Started, not done.",
    COMPLETED="Done.",
    UNKNOWN="A status this gateway does not know (see `statusRaw`).",
)
class WorkTaskStatus(Enum):
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    UNKNOWN = "UNKNOWN"


def from_wire(enum_type: type[E], raw: str, default: E) -> E:
    """Blueworks spells values as capitalised words (`NotStarted`); the graph as SCREAMING_SNAKE."""
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", raw.strip()).upper()
    return enum_type.__members__.get(name, default)
