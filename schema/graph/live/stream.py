"""What every subscription field shares: its ids checked, its feed of events, its cost.

Kept apart from the queue (`schema/graph/tasks.py`) so that a source's own subscriptions
(`schema/<source>/subscriptions.py`) can use it while `schema/sources.py` loads.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncGenerator, Sequence

import strawberry
from strawberry import relay

from gateway.callers.errors import AuthenticationFailed
from gateway.context import Info
from gateway.errors import BadUserInput, GatewayError
from gateway.live import Feed, Lagged, LiveHub, Target
from schema.graph.ids import node_key
from schema.graph.limits.cost import cost
from schema.graph.live.types import (
    SnapshotReason,
    SourceDegraded,
    TaskEvent,
    TaskSnapshot,
    event_of,
)

# The operation itself calls no upstream: its reads are its shared poller's, made per interval in
# a context of their own (gateway/live/poller.py) and bounded by the live limits (docs/live.md).
# The fields of its events declare what they cost, as anywhere else.
POLLED = cost(0)


def hub_of(info: Info) -> LiveHub:
    if info.context.live is None:
        raise GatewayError("live subscriptions are not served by this gateway")
    return info.context.live


def ids_description(what: str) -> str:
    return f"Global ids of {what} (their `id`), at most `GATEWAY_LIVE__MAX_IDS`."


def checked_ids(info: Info, ids: list[strawberry.ID], node_type: type[relay.Node]) -> list[str]:
    """The node keys (upstream ids) inside global ids of `node_type`, each once."""
    most = info.context.settings.live.max_ids
    if not ids or len(ids) > most:
        raise BadUserInput(f"`ids` takes 1 to {most} ids", argument="ids")
    return list(dict.fromkeys(node_key(i, node_type, argument="ids") for i in ids))


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
