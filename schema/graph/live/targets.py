"""What `taskChanged` polls: the `tasks` queue's per-source readers.

A poll reads exactly what a `tasks` query reads for the same scope (its source's `READER`, with
the upstream's status filter), so a subscription costs one query's calls of that source per
interval, however many subscribers share it. Sources' focused subscriptions (watching ids) are
their own: `schema/<source>/subscriptions.py`.
"""

from __future__ import annotations

from typing import Any

from gateway.context import Info
from gateway.live import Target
from schema.graph.live.reads import Reads
from schema.graph.task import Task
from schema.graph.task_scope import TaskScope
from schema.graph.tasks import READERS, fetch_batch

# Sources whose answer depends on the caller (Blueworks lists the work its user started).
PER_USER = frozenset(name for name, reader in READERS.items() if reader.per_caller)


def scope_target(reads: Reads, source: str, scope: TaskScope) -> Target:
    """One source's part of a `taskChanged` scope; shared by every subscription asking it."""
    per_source: tuple[Any, ...] = (
        tuple(scope.given(source) or ()),
        reads.identity.user if source in PER_USER else None,
    )

    async def read(info: Info) -> list[Task]:
        batch = await fetch_batch(info, source, scope)
        if batch.error is not None:
            # A partial read would look like tasks disappearing: the poll fails as a whole.
            raise batch.error
        return batch.tasks

    return Target(
        key=("tasks", source, scope.states, per_source),
        source=source,
        read=reads.snapshot(read),
        # Any write to the source may add to or take from the scope.
        touched_by=lambda keys: True,
    )
