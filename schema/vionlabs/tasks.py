"""Catalog tasks in the `tasks` queue: every task of the chosen catalog items."""

from __future__ import annotations

import asyncio

from gateway.context import Info
from gateway.errors import GatewayError
from gateway.sources.vionlabs.client import VionlabsClient
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from gateway.sources.vionlabs.settings import VionlabsSettings
from schema.graph.limits.cost import Site
from schema.graph.task_scope import ScopeInput, SourceBatch, TaskReader, TaskScope
from schema.vionlabs.states import STATES
from schema.vionlabs.types import CatalogTask


def catalog_item_ids(info: Info, scope: TaskScope) -> tuple[list[str], bool]:
    """The catalog items to read, at most `max_batch_size`; and whether any were cut."""
    return chosen_items(info.context.clients.get(VionlabsClient).settings, scope)


def chosen_items(settings: VionlabsSettings, scope: TaskScope) -> tuple[list[str], bool]:
    chosen = list(dict.fromkeys(scope.given(STATES.name) or settings.default_catalog_item_ids))
    cap = settings.max_batch_size
    return chosen[:cap], len(chosen) > cap


def read_calls(scope: TaskScope, site: Site) -> int:
    """One task-list call per catalog item."""
    settings = site.section(VionlabsClient, site.settings.vionlabs)
    return len(chosen_items(settings, scope)[0])


async def read_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(STATES.name)
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


# No totals upstream: `taskSummary` counts what `read_tasks` reads.
READER = TaskReader(
    STATES,
    read=read_tasks,
    read_calls=read_calls,
    scope=ScopeInput(
        "catalog_item_upstream_ids",
        "Vionlabs catalog items by inventory id (e.g. `asset-0001`); default: "
        "`GATEWAY_VIONLABS__DEFAULT_CATALOG_ITEM_IDS`.",
    ),
)
