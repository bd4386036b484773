"""The root Subscription: live task changes (docs/live.md); adding a mixin is one line here."""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.graph.live.subscriptions import LiveSubscription

SUBSCRIPTION_MIXINS: tuple[type, ...] = (LiveSubscription,)

Subscription = merge_types("Subscription", SUBSCRIPTION_MIXINS)
# `merge_types` takes no description; the root's is set on the definition it built.
Subscription.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Live events, pushed over WebSocket (graphql-transport-ws) or Server-Sent Events"
    " (docs/live.md)."
)
