"""Interchange storefront in the graph: work items of modular inventory sources."""

from schema.graph.source_schema import SourceSchema, per_id
from schema.interchange.mutations import WorkItemsMutation
from schema.interchange.queries import WorkItemsQuery
from schema.interchange.tasks import READER

SCHEMA = SourceSchema(
    name="interchange",
    queries=WorkItemsQuery,
    mutations=WorkItemsMutation,
    tasks=READER,
    lookups={"WorkItem": per_id, "WorkItemEvent": per_id},
)
