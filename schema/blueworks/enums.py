"""Blueworks' enums, read from the capitalised words the upstream sends."""

from __future__ import annotations

import re
from enum import Enum
from typing import TypeVar

import strawberry

from gateway.sources.blueworks.client import WorkType

E = TypeVar("E", bound=Enum)


@strawberry.enum(description="Which work instances to list: still running, or finished.")
class WorkInstanceType(Enum):
    OPEN = "open"
    CLOSED = "closed"


WORK_TYPES: dict[WorkInstanceType, WorkType] = {
    WorkInstanceType.OPEN: "open",
    WorkInstanceType.CLOSED: "closed",
}


@strawberry.enum(description="Where a work instance stands; UNKNOWN for a value not yet known.")
class WorkInstanceStatus(Enum):
    ACTIVE = "ACTIVE"
    COMPLETED = "COMPLETED"
    CANCELLED = "CANCELLED"
    OVERDUE = "OVERDUE"
    UNKNOWN = "UNKNOWN"


@strawberry.enum(description="The kind of app a work instance was started from.")
class WorkAppType(Enum):
    WORKFLOW = "WORKFLOW"
    CHECKLIST = "CHECKLIST"
    UNKNOWN = "UNKNOWN"


@strawberry.enum(description="Where a task of a work instance stands.")
class WorkTaskStatus(Enum):
    NOT_STARTED = "NOT_STARTED"
    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    UNKNOWN = "UNKNOWN"


def from_wire(enum_type: type[E], raw: str, default: E) -> E:
    """Blueworks spells values as capitalised words (`NotStarted`); the graph as SCREAMING_SNAKE."""
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", "_", raw.strip()).upper()
    return enum_type.__members__.get(name, default)
