"""The root Mutation, merged from one mixin per domain: adding a domain is one line here."""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.catalog_task_mutations import CatalogTasksMutation
from schema.inventory_list_mutations import InventoryListsMutation
from schema.send_task_mutations import SendTaskMutation
from schema.work_items_mutation import WorkItemsMutation

MUTATION_MIXINS: tuple[type, ...] = (
    CatalogTasksMutation,
    InventoryListsMutation,
    SendTaskMutation,
    WorkItemsMutation,
)

Mutation = merge_types("Mutation", MUTATION_MIXINS) if MUTATION_MIXINS else None
