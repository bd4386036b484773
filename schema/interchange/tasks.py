"""Work items in the `tasks` queue: one page per inventory source, counted from its totals."""

from __future__ import annotations

from collections import Counter

from gateway.context import Info
from gateway.errors import GatewayError
from gateway.sources.interchange.client import InterchangeClient, WorkItemFilter
from gateway.sources.interchange.loaders import (
    SourcePage,
    WorkItemPageBySourceLoader,
    WorkItemPageKey,
)
from gateway.sources.interchange.payloads import WorkItemListPayload
from gateway.sources.interchange.settings import InterchangeSettings
from schema.graph.limits.cost import Site
from schema.graph.task_scope import ScopeInput, SourceBatch, TaskReader, TaskScope
from schema.graph.task_states import TaskState
from schema.interchange.states import STATES
from schema.interchange.types import WorkItem


def source_ids(info: Info, scope: TaskScope) -> tuple[list[str], bool]:
    """The inventory sources to read, at most `max_sources_per_query`; and whether any were cut."""
    return chosen_sources(info.context.clients.get(InterchangeClient).settings, scope)


def chosen_sources(settings: InterchangeSettings, scope: TaskScope) -> tuple[list[str], bool]:
    chosen = list(dict.fromkeys(scope.given(STATES.name) or settings.default_source_ids))
    cap = settings.max_sources_per_query
    return chosen[:cap], len(chosen) > cap


def read_calls(scope: TaskScope, site: Site) -> int:
    """One list call per inventory source (when any state maps to a status)."""
    if not STATES.statuses_for(scope.states):
        return 0
    settings = site.section(InterchangeClient, site.settings.interchange)
    return len(chosen_sources(settings, scope)[0])


def count_calls(scope: TaskScope, site: Site) -> int:
    """At most the queue's page of each source, then one `limit=1` call per status."""
    statuses = len(STATES.statuses_for(scope.states))
    if not statuses:
        return 0
    settings = site.section(InterchangeClient, site.settings.interchange)
    return len(chosen_sources(settings, scope)[0]) * (1 + statuses)


async def read_pages(info: Info, keys: list[WorkItemPageKey]) -> list[SourcePage]:
    """Pages of several inventory sources in one loader tick, so they are fetched in parallel."""
    pages = await info.context.loader(WorkItemPageBySourceLoader).load_many(keys)
    # The loader answers every key, a failure as `SourcePage.error`; None never comes back.
    return [page for page in pages if page is not None]


def queue_keys(scope: TaskScope, ids: list[str]) -> list[WorkItemPageKey]:
    """The queue's page of each source; `taskSummary` asks for the same, so they share it."""
    statuses = tuple(STATES.statuses_for(scope.states))
    # The upstream caps `limit` at 100 and has no offset (reference: Pagination).
    limit = min(scope.limit, 100)
    wanted = WorkItemFilter(statuses=statuses)
    return [WorkItemPageKey(source_id, wanted, limit) for source_id in ids]


async def read_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(STATES.name)
    if not STATES.statuses_for(scope.states):
        return batch
    ids, batch.truncated = source_ids(info, scope)
    for page in await read_pages(info, queue_keys(scope, ids)):
        if page.error is not None or page.page is None:
            batch.error = batch.error or page.error
            continue
        batch.tasks += [
            WorkItem.from_payload(item, source_id=page.key.source_id, filter=page.key.filter)
            for item in page.page.items
        ]
        batch.truncated |= page.page.total > len(page.page.items)
    return batch


async def count_tasks(info: Info, scope: TaskScope) -> tuple[Counter[TaskState], bool]:
    """Counted from the queue's page of each source (the same call `tasks` makes) when it
    holds every matching item and each says its status; else one `limit=1` call per status,
    whose `total` counts the rest. So an unknown or small source costs one call, not one per
    status, and none beside `tasks` in the same request.
    """
    statuses = STATES.statuses_for(scope.states)
    if not statuses:
        return Counter(), True
    ids, cut = source_ids(info, scope)
    counts: Counter[TaskState] = Counter()
    partial: list[str] = []
    for page in await read_pages(info, queue_keys(scope, ids)):
        listed = _listed(page)
        items = listed.items
        if listed.total == len(items) and all(item.status for item in items):
            counts.update(STATES.state_of(item.status) for item in items)
        else:
            partial.append(page.key.source_id)
    keys = [
        WorkItemPageKey(source_id, WorkItemFilter(statuses=(status,)), 1)
        for source_id in partial
        for status in statuses
    ]
    for page in await read_pages(info, keys):
        counts[STATES.state_of(page.key.filter.statuses[0])] += _listed(page).total
    return counts, not cut


def _listed(page: SourcePage) -> WorkItemListPayload:
    if page.error is not None or page.page is None:
        raise page.error or GatewayError("no answer", source="interchange")
    return page.page


READER = TaskReader(
    STATES,
    read=read_tasks,
    count=count_tasks,
    read_calls=read_calls,
    count_calls=count_calls,
    scope=ScopeInput(
        "interchange_source_ids",
        "Interchange inventory sources (e.g. `retail-modular`); default: "
        "`GATEWAY_INTERCHANGE__DEFAULT_SOURCE_IDS`.",
    ),
)
