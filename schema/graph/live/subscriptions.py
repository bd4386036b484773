"""The root subscription fields: task changes in a scope, and focused watches by id."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Sequence
from typing import Annotated

import strawberry
from strawberry import relay

from gateway.callers.errors import AuthenticationFailed
from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput, GatewayError
from gateway.live import Feed, Lagged, LiveHub, Target
from schema.graph.ids import node_key
from schema.graph.limits.cost import cost
from schema.graph.live.targets import (
    PER_USER,
    POLLER,
    Reads,
    catalog_item_target,
    scope_target,
    send_tasks_target,
)
from schema.graph.live.types import (
    SnapshotReason,
    SourceDegraded,
    TaskEvent,
    TaskSnapshot,
    event_of,
)
from schema.graph.tasks import (
    FILTER,
    READERS,
    SCOPE,
    TaskFilterInput,
    TaskScopeInput,
    task_scope,
)
from schema.limbobeat.types import SendTask
from schema.vionlabs.types import CatalogItem


def hub_of(info: Info) -> LiveHub:
    if info.context.live is None:
        raise GatewayError("live subscriptions are not served by this gateway")
    return info.context.live


def reads_for(info: Info, source: str) -> Reads:
    identity = info.context.identity if source in PER_USER else POLLER
    return Reads(info.context.settings, info.context.clients, identity)


def checked_ids(info: Info, ids: list[strawberry.ID], node_type: type[relay.Node]) -> list[str]:
    """The node keys (upstream ids) inside global ids of `node_type`, each once."""
    most = info.context.settings.live.max_ids
    if not ids or len(ids) > most:
        raise BadUserInput(f"`ids` takes 1 to {most} ids", argument="ids")
    return list(dict.fromkeys(node_key(i, node_type, argument="ids") for i in ids))


SEND_TASK_IDS = "Global ids of send tasks (their `id`), at most `GATEWAY_LIVE__MAX_IDS`."
CATALOG_ITEM_IDS = "Global ids of catalog items (their `id`), at most `GATEWAY_LIVE__MAX_IDS`."
# The operation itself calls no upstream: its reads are its shared poller's, made per interval in
# a context of their own (gateway/live/poller.py) and bounded by the live limits (docs/live.md).
# The fields of its events declare what they cost, as anywhere else.
POLLED = cost(0)


async def _next(feed: Feed, expires_at: float | None) -> object:
    """The feed's next event; at the caller's token expiry, `AuthenticationFailed` instead."""
    if expires_at is None:
        return await feed.next()
    try:
        async with asyncio.timeout(max(0.0, expires_at - time.time())):
            return await feed.next()
    except TimeoutError:
        raise AuthenticationFailed("the token has expired") from None


async def stream(info: Info, targets: Sequence[Target]) -> AsyncGenerator[TaskEvent, None]:
    """An initial snapshot, then every event of the pollers; a lag gets a fresh snapshot."""
    identity = info.context.identity
    async with hub_of(info).feed(identity.state_key, targets) as feed:
        pollers = await feed.resync()
        info.context.next_event()
        yield TaskSnapshot.of(pollers, SnapshotReason.INITIAL, 0)
        for poller in pollers:
            if poller.degraded is not None:
                yield SourceDegraded.of(poller.degraded)
        while True:
            event = await _next(feed, identity.expires_at)
            info.context.next_event()
            if isinstance(event, Lagged):
                pollers = await feed.resync()
                yield TaskSnapshot.of(pollers, SnapshotReason.LAGGED, event.missed)
            else:
                yield event_of(event)  # type: ignore[arg-type]


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

    @strawberry.subscription(
        extensions=requires(WORK_READ),
        metadata=POLLED,
        description="The given send tasks (limbo/Beat), in every state: for a screen waiting for"
        " deliveries to finish. One batch lookup per interval for all of them.",
    )
    async def send_task_changed(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description=SEND_TASK_IDS)],
    ) -> AsyncGenerator[TaskEvent, None]:
        keys = checked_ids(info, ids, SendTask)
        target = send_tasks_target(reads_for(info, "limbobeat"), keys)
        async for event in stream(info, [target]):
            yield event

    @strawberry.subscription(
        extensions=requires(WORK_READ),
        metadata=POLLED,
        description="Every task (analysis job) of the given Vionlabs catalog items, in every"
        " state. One call per item per interval, shared with other watchers of the item.",
    )
    async def catalog_item_tasks_changed(
        self,
        info: Info,
        ids: Annotated[list[strawberry.ID], strawberry.argument(description=CATALOG_ITEM_IDS)],
    ) -> AsyncGenerator[TaskEvent, None]:
        reads = reads_for(info, "vionlabs")
        items = checked_ids(info, ids, CatalogItem)
        targets = [catalog_item_target(reads, item) for item in items]
        async for event in stream(info, targets):
            yield event
