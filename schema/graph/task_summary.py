"""`taskSummary`: counts by source and state, from upstream totals where an upstream has them."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Annotated

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import GatewayError, SourceNotConfigured
from schema.graph.cache_hints import CacheScope, hint
from schema.graph.limits.cost import Site, cost
from schema.graph.task_scope import TaskScope
from schema.graph.task_sources import TaskSource
from schema.graph.task_states import TaskState
from schema.graph.tasks import (
    FILTER,
    READERS,
    SCOPE,
    TaskFilterInput,
    TaskScopeInput,
    fetch_batch,
    scope_of,
    task_scope,
)


@strawberry.type(description="How many tasks are in one state.")
class TaskStateCount:
    state: TaskState = strawberry.field(description="The state.")
    count: int = strawberry.field(description="How many tasks are in it.")


@strawberry.type(description="One source's counts.")
class TaskSourceCount:
    source: TaskSource = strawberry.field(description="The source.")
    ok: bool = strawberry.field(description="False when the source could not be counted.")
    error_code: str | None = strawberry.field(
        description="The failure's `extensions.code` when it could not be counted."
    )
    total_count: int = strawberry.field(description="Its matching tasks, in every state asked.")
    exact: bool = strawberry.field(
        description="False when the source was counted from a page cut at the fetch limit."
    )
    by_state: list[TaskStateCount] = strawberry.field(
        description="Its counts per state, in the order of TaskState; states with none left out."
    )


@strawberry.type(description="How much work there is, by source and by state.")
class TaskSummary:
    total_count: int = strawberry.field(description="Matching tasks of every source.")
    exact: bool = strawberry.field(description="False when any source's count is not exact.")
    by_state: list[TaskStateCount] = strawberry.field(
        description="Counts per state over every source; states with none left out."
    )
    by_source: list[TaskSourceCount] = strawberry.field(
        description="Counts per source, in the order of TaskSource."
    )


def _counts(counter: Counter[TaskState]) -> list[TaskStateCount]:
    return [TaskStateCount(state=s, count=counter[s]) for s in TaskState if counter[s]]


async def count_source(info: Info, source: str, scope: TaskScope) -> TaskSourceCount:
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
    return TaskSourceCount(
        source=TaskSource(source),
        ok=error is None,
        error_code=error.code if error is not None else None,
        total_count=sum(counts.values()),
        exact=exact and error is None,
        by_state=_counts(counts),
    )


def _count_calls(site: Site) -> int:
    """Sources with upstream totals count (one call per status); the others are read."""
    scope = scope_of(site)
    total = 0
    for source in READERS:
        if source not in scope.sources:
            continue
        reader = READERS[source]
        counts = reader.count_calls or reader.read_calls
        total += counts(scope, site)
    return total


@strawberry.type
class TaskSummaryQuery:
    @strawberry.field(
        metadata=cost(_count_calls),
        extensions=requires(WORK_READ),
        directives=hint(15, CacheScope.PRIVATE),
        description="Counts of `tasks` by source and state. Interchange and limbo/Beat are "
        "counted from their totals; Blueworks and Vionlabs from what the queue reads.",
    )
    async def task_summary(
        self,
        info: Info,
        scope: Annotated[TaskScopeInput | None, strawberry.argument(description=SCOPE)] = None,
        filter: Annotated[TaskFilterInput | None, strawberry.argument(description=FILTER)] = None,
    ) -> TaskSummary | None:
        values = task_scope(info, scope, filter)
        sources = [s for s in READERS if s in values.sources]
        per_source = await asyncio.gather(*(count_source(info, s, values) for s in sources))
        overall: Counter[TaskState] = Counter()
        for entry in per_source:
            overall.update({c.state: c.count for c in entry.by_state})
        return TaskSummary(
            total_count=sum(overall.values()),
            exact=all(entry.exact for entry in per_source),
            by_state=_counts(overall),
            by_source=list(per_source),
        )
