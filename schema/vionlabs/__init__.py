"""Vionlabs in the graph: catalog items and their tasks."""

from schema.graph.source_schema import SourceSchema, per_id
from schema.vionlabs.mutations import CatalogTasksMutation
from schema.vionlabs.queries import CatalogTasksQuery
from schema.vionlabs.subscriptions import CatalogItemTasksSubscription
from schema.vionlabs.tasks import READER

SCHEMA = SourceSchema(
    name="vionlabs",
    queries=CatalogTasksQuery,
    mutations=CatalogTasksMutation,
    subscriptions=CatalogItemTasksSubscription,
    tasks=READER,
    lookups={"CatalogItem": per_id, "CatalogTask": per_id},
)
