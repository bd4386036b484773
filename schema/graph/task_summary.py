"""`taskSummary`: counts by source and state, from upstream totals where an upstream has them."""

from __future__ import annotations

import asyncio
from collections import Counter

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import GatewayError, SourceNotConfigured
from schema.graph.task_scope import TaskScope
from schema.graph.task_states import TaskSource, TaskState
from schema.graph.tasks import READERS, TaskFilterInput, TaskScopeInput, fetch_batch, task_scope


@strawberry.type
class StateCount:
    state: TaskState
    count: int


@strawberry.type(description="One source's counts.")
class SourceTaskCount:
    source: TaskSource
    ok: bool
    error_code: str | None
    total: int
    exact: bool = strawberry.field(
        description="False when the source was counted from a page cut at the fetch limit."
    )
    by_state: list[StateCount]


@strawberry.type(description="How much work there is, by source and by state.")
class TaskSummary:
    total: int
    exact: bool
    by_state: list[StateCount]
    by_source: list[SourceTaskCount]


def _counts(counter: Counter[TaskState]) -> list[StateCount]:
    return [StateCount(state=s, count=counter[s]) for s in TaskState if counter[s]]


async def count_source(info: Info, source: TaskSource, scope: TaskScope) -> SourceTaskCount:
    error: GatewayError | None = None
    exact = True
    counts: Counter[TaskState] = Counter()
    count = READERS[source].count
    if count is not None:
        try:
            counts, exact = await count(info, scope)
        except GatewayError as exc:
            error = exc
    else:
        # No totals upstream: count what the queue reads (the same loader calls as `tasks`).
        batch = await fetch_batch(info, source, scope)
        error, exact = batch.error, not batch.truncated
        counts = Counter(task.task_facts().state for task in batch.tasks)
    if error is not None and not isinstance(error, SourceNotConfigured):
        info.context.report(error, list(info.path.as_list()))
    return SourceTaskCount(
        source=source,
        ok=error is None,
        error_code=error.code if error is not None else None,
        total=sum(counts.values()),
        exact=exact and error is None,
        by_state=_counts(counts),
    )


@strawberry.type
class TaskSummaryQuery:
    @strawberry.field(
        extensions=requires(WORK_READ),
        description="Counts of `tasks` by source and state. Interchange and limbo/Beat are "
        "counted from their totals; Blueworks and Vionlabs from what the queue reads.",
    )
    async def task_summary(
        self,
        info: Info,
        scope: TaskScopeInput | None = None,
        filter: TaskFilterInput | None = None,
    ) -> TaskSummary | None:
        values = task_scope(info, scope, filter)
        sources = [s for s in TaskSource if s in values.sources]
        per_source = await asyncio.gather(*(count_source(info, s, values) for s in sources))
        overall: Counter[TaskState] = Counter()
        for entry in per_source:
            overall.update({c.state: c.count for c in entry.by_state})
        return TaskSummary(
            total=sum(overall.values()),
            exact=all(entry.exact for entry in per_source),
            by_state=_counts(overall),
            by_source=list(per_source),
        )
