"""How a poller reads: each poll in a context of its own, its tasks normalised into items.

Kept apart from the queue (`schema/graph/tasks.py`) so that a source's own subscriptions
(`schema/<source>/subscriptions.py`) can build their targets while `schema/sources.py` loads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from typing import cast

from gateway.callers.identity import Identity
from gateway.clients import Clients
from gateway.config import Settings
from gateway.context import GatewayContext, Info
from gateway.errors import SourceNotConfigured
from gateway.http.request_scope import scoped
from gateway.live import Item, Snapshot
from schema.graph.task import Task

# Pollers of the sources that answer the same to every caller act as nobody in particular.
POLLER = Identity(subject=None, user=None, scopes=frozenset(), method="anonymous")


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

    @classmethod
    def shared(cls, info: Info) -> Reads:
        """Reads of a source that answers every caller alike: one poller for all of them."""
        return cls(info.context.settings, info.context.clients, POLLER)

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
