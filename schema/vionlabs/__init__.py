"""Vionlabs in the graph: catalog items and their tasks."""

from schema.graph.source_schema import SourceSchema
from schema.vionlabs.mutations import CatalogTasksMutation
from schema.vionlabs.queries import CatalogTasksQuery
from schema.vionlabs.tasks import READER

SCHEMA = SourceSchema(
    name="vionlabs", queries=CatalogTasksQuery, mutations=CatalogTasksMutation, tasks=READER
)
