"""What the live pollers read: the `tasks` queue's per-source readers, and focused lookups.

A poll reads exactly what a `tasks` query reads for the same scope (its source's `READER`, with
the upstream's status filter), so a subscription costs one query's calls of that source per
interval, however many subscribers share it. The focused subscriptions read by id: limbo/Beat's
batch lookup (one call for every watched send task) and one call per Vionlabs catalog item.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, cast

from gateway.callers.identity import Identity
from gateway.clients import Clients
from gateway.config import Settings
from gateway.context import GatewayContext, Info
from gateway.errors import SourceNotConfigured
from gateway.http.request_scope import scoped
from gateway.live import Item, Snapshot, Target
from gateway.sources.limbobeat.client import LimbobeatClient
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from schema.graph.task import Task
from schema.graph.task_scope import TaskScope
from schema.graph.tasks import READERS, fetch_batch
from schema.limbobeat.types import SendTask
from schema.vionlabs.types import CatalogTask

# Pollers of the sources that answer the same to every caller act as nobody in particular.
POLLER = Identity(subject=None, user=None, scopes=frozenset(), method="anonymous")
# Sources whose answer depends on the caller (Blueworks lists the work its user started).
PER_USER = frozenset(name for name, reader in READERS.items() if reader.per_caller)


class PollInfo:
    """All a reader uses of `Info`: the context (clients, loaders, identity, settings)."""

    def __init__(self, context: GatewayContext) -> None:
        self.context = context


def task_key(task: Task) -> str:
    return f"{type(task).__name__}:{getattr(task, type(task).resolve_id_attr())}"


def _moment(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat(timespec="seconds") if value else None


def item_of(task: Task) -> Item:
    """The facts a change is about, normalised: a status's case or a time's format is no news."""
    facts = task.task_facts()
    return Item(
        key=task_key(task),
        facts={
            "state": facts.state.value,
            "statusRaw": facts.source_status.strip().lower() if facts.source_status else None,
            "dueAt": _moment(facts.due_at),
            "assignee": facts.assignee.strip() if facts.assignee else None,
        },
        value=task,
    )


Read = Callable[[Info], Awaitable[Iterable[Task]]]


class Reads:
    """Builds each poll's own context: fresh loaders and a deadline of its own."""

    def __init__(self, settings: Settings, clients: Clients, identity: Identity) -> None:
        self.settings = settings
        self.clients = clients
        self.identity = identity

    def snapshot(self, read: Read) -> Callable[[], Awaitable[Snapshot]]:
        async def poll() -> Snapshot:
            context = GatewayContext(
                settings=self.settings,
                clients=self.clients,
                identity=self.identity,
                debug_calls=False,
                deadline=False,
            )
            try:
                with scoped(context.scope):
                    tasks = await read(cast(Info, PollInfo(context)))
            except SourceNotConfigured:
                # Nothing to watch there: the subscription's other sources still answer.
                return Snapshot({})
            return Snapshot.of([item_of(task) for task in tasks])

        return poll


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


def send_tasks_target(reads: Reads, ids: list[str]) -> Target:
    """The watched send tasks, whatever their state: one batch lookup per poll."""

    async def read(info: Info) -> list[Task]:
        client = info.context.clients.get(LimbobeatClient)
        return [SendTask.from_payload(p) for p in await client.get_send_tasks(ids)]

    return Target(
        key=("send-tasks", frozenset(ids)),
        source="limbobeat",
        read=reads.snapshot(read),
        touched_by=lambda keys: not keys.isdisjoint(ids),
    )


def catalog_item_target(reads: Reads, item_id: str) -> Target:
    """Every task of one catalog item: one call per poll, shared per item."""

    async def read(info: Info) -> list[Task]:
        records = await info.context.loader(CatalogTasksByItemLoader).load(item_id)
        return [CatalogTask.from_payload(record) for record in records or ()]

    return Target(
        key=("catalog-item", item_id),
        source="vionlabs",
        read=reads.snapshot(read),
        touched_by=lambda keys: item_id in keys,
    )
