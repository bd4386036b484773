"""`TaskSource` and the state table, made from the registered sources that join the queue.

The source folders import the graph's base modules while `schema/sources.py` loads them, so only
modules loaded after it (the queue, the summary, the roots) import this one; the `Task`
interface names `TaskSource` lazily.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from schema.graph.described import graph_enum
from schema.graph.task_states import SourceStates
from schema.sources import SCHEMAS


class SourceName(StrEnum):
    """A registered source's name as an enum value: `TaskSource` below adds one member each."""


# Each column of the state table, by source name, in the registrations' order.
STATE_TABLE: dict[str, SourceStates] = {
    s.name: s.tasks.states for s in SCHEMAS if s.tasks is not None
}

if TYPE_CHECKING:
    # Its members exist only at run time; to mypy a `TaskSource` is a `SourceName`.
    TaskSource = SourceName
else:
    TaskSource = graph_enum(
        "The upstream system a task lives in.",
        **{name.upper(): column.description for name, column in STATE_TABLE.items()},
    )(SourceName("TaskSource", [(name.upper(), name) for name in STATE_TABLE], module=__name__))
