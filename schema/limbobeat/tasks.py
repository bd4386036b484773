"""Send tasks in the `tasks` queue: read by status, counted from limbo/Beat's page totals."""

from __future__ import annotations

import asyncio
from collections import Counter

from gateway.context import Info
from gateway.sources.limbobeat.client import LimbobeatClient, SendTaskFilter
from schema.graph.limits.cost import Site
from schema.graph.task_scope import SourceBatch, TaskReader, TaskScope
from schema.graph.task_states import TaskState
from schema.limbobeat.states import STATES
from schema.limbobeat.types import SendTask, reads


def wire_statuses(states: frozenset[TaskState]) -> list[str]:
    # limbo/Beat's client adds the correct spelling whenever it asks for `procesing`.
    return [raw for raw in STATES.statuses_for(states) if raw != "processing"]


async def read_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(STATES.name)
    statuses = wire_statuses(scope.states)
    if not statuses:
        return batch
    client = info.context.clients.get(LimbobeatClient)
    page = await client.list_send_tasks(
        SendTaskFilter(statuses=statuses),
        page_number=1,
        page_size=min(scope.limit, client.settings.page_size_cap),
    )
    batch.tasks = [SendTask.from_payload(p) for p in page.data]
    batch.truncated = page.meta.page.total > len(page.data)
    return batch


async def count_tasks(info: Info, scope: TaskScope) -> tuple[Counter[TaskState], bool]:
    """One `page[size]=1` call per status: `meta.page.total` counts the rest."""
    client = info.context.clients.get(LimbobeatClient)
    statuses = wire_statuses(scope.states)
    pages = await asyncio.gather(
        *(
            client.list_send_tasks(SendTaskFilter(statuses=[s]), page_number=1, page_size=1)
            for s in statuses
        )
    )
    counts: Counter[TaskState] = Counter()
    for status, page in zip(statuses, pages, strict=True):
        counts[STATES.state_of(status)] += page.meta.page.total
    return counts, True


def read_calls(scope: TaskScope, site: Site) -> int:
    """One page of send tasks (`reads`: two while `include=` is unsettled)."""
    return reads(site) if wire_statuses(scope.states) else 0


def count_calls(scope: TaskScope, site: Site) -> int:
    """One `page[size]=1` read per status."""
    return reads(site) * len(wire_statuses(scope.states))


READER = TaskReader(
    STATES, read=read_tasks, count=count_tasks, read_calls=read_calls, count_calls=count_calls
)
