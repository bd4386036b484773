"""The root Query, merged from one mixin per domain: adding a domain is one line here."""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.catalog_tasks import CatalogTasksQuery
from schema.inventory_lists_query import InventoryListsQuery
from schema.nodes import NodeQuery
from schema.send_tasks import SendTasksQuery
from schema.task_summary import TaskSummaryQuery
from schema.tasks_query import TasksQuery
from schema.work_instances import WorkInstancesQuery
from schema.work_items_query import WorkItemsQuery

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
