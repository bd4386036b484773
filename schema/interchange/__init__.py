"""Interchange storefront in the graph: work items of modular inventory sources."""

from schema.graph.source_schema import SourceSchema
from schema.interchange.mutations import WorkItemsMutation
from schema.interchange.queries import WorkItemsQuery
from schema.interchange.tasks import READER

SCHEMA = SourceSchema(
    name="interchange", queries=WorkItemsQuery, mutations=WorkItemsMutation, tasks=READER
)
