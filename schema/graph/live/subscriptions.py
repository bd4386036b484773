"""`taskChanged`: the changes of the `tasks` queue's scope, read by shared pollers.

Sources' focused subscriptions (watching ids) come with their registrations
(`SourceSchema.subscriptions`, `schema/<source>/subscriptions.py`).
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from schema.graph.live.reads import POLLER, Reads
from schema.graph.live.stream import POLLED, stream
from schema.graph.live.targets import PER_USER, scope_target
from schema.graph.live.types import TaskEvent
from schema.graph.tasks import (
    FILTER,
    READERS,
    SCOPE,
    TaskFilterInput,
    TaskScopeInput,
    task_scope,
)


def reads_for(info: Info, source: str) -> Reads:
    identity = info.context.identity if source in PER_USER else POLLER
    return Reads(info.context.settings, info.context.clients, identity)


@strawberry.type
class LiveSubscription:
    @strawberry.subscription(
        extensions=requires(WORK_READ),
        metadata=POLLED,
        description="Changes of the tasks `tasks` would list for the same scope and filter: a"
        " snapshot first, then each task that appears, changes state, status, due date or"
        " assignee, or leaves; and sources going down and coming back. Polled by one shared"
        " poller per source and scope (intervals: docs/live.md).",
    )
    async def task_changed(
        self,
        info: Info,
        scope: Annotated[TaskScopeInput | None, strawberry.argument(description=SCOPE)] = None,
        filter: Annotated[TaskFilterInput | None, strawberry.argument(description=FILTER)] = None,
    ) -> AsyncGenerator[TaskEvent, None]:
        values = task_scope(info, scope, filter)
        targets = [
            scope_target(reads_for(info, source), source, values)
            for source in READERS
            if source in values.sources
        ]
        async for event in stream(info, targets):
            yield event
