"""Reading each source's tasks for the queue, bounded, in parallel, failures kept as data."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from gateway.context import Info
from gateway.errors import GatewayError, SourceNotConfigured
from gateway.sources.blueworks.client import BlueworksClient, WorkType
from gateway.sources.blueworks.loaders import WorkListKey, WorkListPageLoader
from gateway.sources.interchange.client import InterchangeClient, WorkItemFilter
from gateway.sources.interchange.loaders import (
    SourcePage,
    WorkItemPageBySourceLoader,
    WorkItemPageKey,
)
from gateway.sources.limbobeat.client import LimbobeatClient, SendTaskFilter
from gateway.sources.vionlabs.client import VionlabsClient
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from schema.catalog_tasks import CatalogTask
from schema.send_tasks import SendTask
from schema.task_interface import Task
from schema.task_states import UNMAPPED_STATE, TaskSource, TaskState, state_of, wire_statuses
from schema.work_instances import WorkInstance
from schema.work_items import WorkItem


@dataclass(frozen=True)
class TaskScope:
    """What each upstream needs to be asked, with the settings' defaults already applied."""

    states: frozenset[TaskState]
    sources: frozenset[TaskSource]
    interchange_source_ids: Sequence[str] | None
    catalog_item_ids: Sequence[str] | None
    limit: int


@dataclass
class SourceBatch:
    """One source's part of the queue, or why it is missing."""

    source: TaskSource
    tasks: list[Task] = field(default_factory=list)
    error: GatewayError | None = None
    # The upstream holds more matching tasks than the fetch limit let the gateway read.
    truncated: bool = False

    @property
    def configured(self) -> bool:
        return not isinstance(self.error, SourceNotConfigured)


def interchange_source_ids(info: Info, scope: TaskScope) -> tuple[list[str], bool]:
    """The inventory sources to read, at most `max_sources_per_query`; and whether any were cut."""
    client = info.context.clients.get(InterchangeClient)
    chosen = list(dict.fromkeys(scope.interchange_source_ids or client.settings.default_source_ids))
    cap = client.settings.max_sources_per_query
    return chosen[:cap], len(chosen) > cap


def catalog_item_ids(info: Info, scope: TaskScope) -> tuple[list[str], bool]:
    """The catalog items to read, at most `max_batch_size`; and whether any were cut."""
    client = info.context.clients.get(VionlabsClient)
    chosen = list(dict.fromkeys(scope.catalog_item_ids or client.settings.default_catalog_item_ids))
    cap = client.settings.max_batch_size
    return chosen[:cap], len(chosen) > cap


async def interchange_pages(info: Info, keys: list[WorkItemPageKey]) -> list[SourcePage]:
    """Pages of several inventory sources in one loader tick, so they are fetched in parallel."""
    pages = await info.context.loader(WorkItemPageBySourceLoader).load_many(keys)
    # The loader answers every key, a failure as `SourcePage.error`; None never comes back.
    return [page for page in pages if page is not None]


async def interchange_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(TaskSource.INTERCHANGE)
    statuses = tuple(wire_statuses(TaskSource.INTERCHANGE, scope.states))
    if not statuses:
        return batch
    source_ids, batch.truncated = interchange_source_ids(info, scope)
    # The upstream caps `limit` at 100 and has no offset (reference: Pagination).
    keys = [
        WorkItemPageKey(source_id, WorkItemFilter(statuses=statuses), min(scope.limit, 100))
        for source_id in source_ids
    ]
    for page in await interchange_pages(info, keys):
        if page.error is not None or page.page is None:
            batch.error = batch.error or page.error
            continue
        batch.tasks += [
            WorkItem.from_payload(item, source_id=page.key.source_id, filter=page.key.filter)
            for item in page.page.items
        ]
        batch.truncated |= page.page.total > len(page.page.items)
    return batch


def blueworks_types(states: frozenset[TaskState]) -> list[WorkType]:
    open_states = {state_of(TaskSource.BLUEWORKS, s) for s in ("Active", "Overdue")}
    closed_states = {state_of(TaskSource.BLUEWORKS, s) for s in ("Completed", "Cancelled")}
    types: list[WorkType] = []
    if states & (open_states | {UNMAPPED_STATE}):
        types.append("open")
    if states & closed_states:
        types.append("closed")
    return types


async def blueworks_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(TaskSource.BLUEWORKS)
    client = info.context.clients.get(BlueworksClient)
    limit = min(scope.limit, client.settings.page_size_cap)
    keys = [
        WorkListKey(info.context.caller.user, work_type, 0, limit)
        for work_type in blueworks_types(scope.states)
    ]
    for page in await info.context.loader(WorkListPageLoader).load_many(keys):
        if page is None:
            continue
        apps = {app.id: app for app in page.apps}
        batch.tasks += [WorkInstance.from_payload(w, apps.get(w.app_id or "")) for w in page.work]
        batch.truncated |= page.more
    return batch


async def vionlabs_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(TaskSource.VIONLABS)
    loader = info.context.loader(CatalogTasksByItemLoader)
    items, batch.truncated = catalog_item_ids(info, scope)
    answers = await asyncio.gather(*(loader.load(i) for i in items), return_exceptions=True)
    for answer in answers:
        if isinstance(answer, GatewayError):
            batch.error = batch.error or answer
        elif isinstance(answer, BaseException):
            raise answer
        elif answer is not None:
            batch.tasks += [CatalogTask.from_payload(record) for record in answer]
    return batch


async def limbobeat_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(TaskSource.LIMBOBEAT)
    statuses = wire_statuses(TaskSource.LIMBOBEAT, scope.states)
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


Fetcher = Callable[[Info, TaskScope], Awaitable[SourceBatch]]

FETCHERS: dict[TaskSource, Fetcher] = {
    TaskSource.INTERCHANGE: interchange_tasks,
    TaskSource.BLUEWORKS: blueworks_tasks,
    TaskSource.VIONLABS: vionlabs_tasks,
    TaskSource.LIMBOBEAT: limbobeat_tasks,
}


async def fetch_batch(info: Info, source: TaskSource, scope: TaskScope) -> SourceBatch:
    try:
        batch = await FETCHERS[source](info, scope)
    except GatewayError as exc:
        return SourceBatch(source, error=exc)
    # The upstream filtered by its own statuses where it could; this keeps exactly the states.
    batch.tasks = [t for t in batch.tasks if t.task_facts().state in scope.states]
    return batch


async def fetch_all(info: Info, scope: TaskScope) -> list[SourceBatch]:
    """Every selected source at once; a source's failure is in its batch, never raised."""
    sources = [s for s in TaskSource if s in scope.sources]
    return list(await asyncio.gather(*(fetch_batch(info, s, scope) for s in sources)))
