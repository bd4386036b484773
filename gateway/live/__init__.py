"""Live subscriptions: shared pollers that turn upstream reads into events (docs/live.md).

This package knows nothing of GraphQL: `schema/graph/live/` says what a poller reads (the task
readers) and how its events look in the graph; `gateway/live/websocket.py` carries them.
"""

from __future__ import annotations

from gateway.live.hub import Feed, LiveHub
from gateway.live.poller import Poller, Target
from gateway.live.settings import LiveSettings
from gateway.live.snapshot import Change, ChangeKind, Item, Snapshot
from gateway.live.subscriber import Changed, Degraded, Lagged, LiveEvent, Recovered

__all__ = [
    "Change",
    "ChangeKind",
    "Changed",
    "Degraded",
    "Feed",
    "Item",
    "Lagged",
    "LiveEvent",
    "LiveHub",
    "LiveSettings",
    "Poller",
    "Recovered",
    "Snapshot",
    "Target",
]
