"""The root Query, composed from one mixin per domain."""

from __future__ import annotations

import strawberry
from strawberry import relay

from schema.send_tasks import SendTasksQuery


@strawberry.type
class Query(SendTasksQuery):
    node: relay.Node | None = relay.node(description="Refetch any object by its global id.")
