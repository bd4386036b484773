"""The root Query, merged from the whole graph's fields and one mixin per source.

Adding a source is one line here (and its import). This order is the root fields' order in the
SDL that `schema.graphql` fixes: `node` first, then by name.
"""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.blueworks.queries import WorkInstancesQuery
from schema.graph.nodes import NodeQuery
from schema.graph.task_summary import TaskSummaryQuery
from schema.graph.tasks import TasksQuery
from schema.interchange.queries import WorkItemsQuery
from schema.limbobeat.queries import SendTasksQuery
from schema.vionlabs.queries import CatalogTasksQuery
from schema.xandr.queries import InventoryListsQuery

QUERY_MIXINS: tuple[type, ...] = (
    NodeQuery,
    CatalogTasksQuery,
    InventoryListsQuery,
    SendTasksQuery,
    TasksQuery,
    TaskSummaryQuery,
    WorkInstancesQuery,
    WorkItemsQuery,
)

Query = merge_types("Query", QUERY_MIXINS)
# `merge_types` takes no description; the root's is set on the definition it built.
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Everything the gateway reads: each source's own fields, the cross-source `tasks` queue "
    "and `taskSummary`, and `node`/`nodes` to refetch any object by its global id."
)
