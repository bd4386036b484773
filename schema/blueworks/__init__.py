"""IBM Blueworks Live in the graph: the caller's work instances and their tasks."""

from schema.blueworks.queries import WorkInstancesQuery
from schema.blueworks.tasks import READER
from schema.blueworks.types import hops
from schema.graph.source_schema import SourceSchema

SCHEMA = SourceSchema(
    name="blueworks",
    queries=WorkInstancesQuery,
    tasks=READER,
    lookups={
        "WorkInstance": lambda site, ids: ids * hops(site),
        "WorkTask": lambda site, ids: ids * hops(site),
    },
)
