"""The order of the merged task queue, and keyset cursors that keep pages stable."""

from __future__ import annotations

import base64
import binascii
import json
from enum import Enum

import strawberry

from gateway.errors import BadUserInput
from schema.task_interface import Task

# (undated or unchanged last, time as a number, source, key): total, so no two tasks tie.
SortKey = tuple[bool, float, str, str]


@strawberry.enum(description="How `tasks` is ordered; ties are broken by source and id.")
class TaskOrder(Enum):
    DUE_AT_ASC = "DUE_AT_ASC"
    UPDATED_AT_DESC = "UPDATED_AT_DESC"


def sort_key(task: Task, order: TaskOrder) -> SortKey:
    facts = task.task_facts()
    key = str(getattr(task, type(task).resolve_id_attr()))
    if order is TaskOrder.DUE_AT_ASC:
        moment, sign = facts.due_at, 1.0
    else:
        moment, sign = facts.updated_at, -1.0
    if moment is None:
        return (True, 0.0, facts.source.value, key)
    return (False, sign * moment.timestamp(), facts.source.value, key)


def encode_task_cursor(order: TaskOrder, key: SortKey) -> str:
    raw = json.dumps([order.value, *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_task_cursor(order: TaskOrder, cursor: str | None) -> SortKey | None:
    """The position after which the next page starts; a cursor of another order is refused."""
    if cursor is None:
        return None
    try:
        name, missing, value, source, key = json.loads(base64.urlsafe_b64decode(cursor))
        position: SortKey = (bool(missing), float(value), str(source), str(key))
    except (binascii.Error, ValueError, TypeError):
        raise BadUserInput("`after` is not a cursor of `tasks`", argument="after") from None
    if name != order.value:
        raise BadUserInput("`after` was made for another `orderBy`", argument="after")
    return position
