"""The root Subscription: live task changes (docs/live.md), then each registered source's own.

A source's mixin comes with its registration (`schema/sources.py`), so adding one needs no line
here. `taskChanged` comes first; the sources' mixins follow, ordered by class name.
"""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.graph.live.subscriptions import LiveSubscription
from schema.query import by_name
from schema.sources import SCHEMAS

SUBSCRIPTION_MIXINS: tuple[type, ...] = (
    LiveSubscription,
    *by_name([s.subscriptions for s in SCHEMAS if s.subscriptions]),
)

Subscription = merge_types("Subscription", SUBSCRIPTION_MIXINS)
# `merge_types` takes no description; the root's is set on the definition it built.
Subscription.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Live events, pushed over WebSocket (graphql-transport-ws) or Server-Sent Events"
    " (docs/live.md)."
)
