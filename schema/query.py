"""The root Query, merged from one mixin per domain: adding a domain is one line here."""

from __future__ import annotations

import strawberry
from strawberry import relay
from strawberry.tools import merge_types

from schema.send_tasks import SendTasksQuery


@strawberry.type
class NodeQuery:
    node: relay.Node | None = relay.node(description="Refetch any object by its global id.")


QUERY_MIXINS: tuple[type, ...] = (
    NodeQuery,
    SendTasksQuery,
)

Query = merge_types("Query", QUERY_MIXINS)
