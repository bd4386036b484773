"""limbo/Beat in the graph: send tasks, and the products and DSPs they deliver to."""

from gateway.context import Info
from schema.graph.links import Link
from schema.graph.source_schema import SourceSchema
from schema.limbobeat.mutations import SendTasksMutation
from schema.limbobeat.queries import SendTasksQuery
from schema.limbobeat.tasks import READER
from schema.limbobeat.types import SendTask


async def load_send_task(info: Info, resource_id: str) -> SendTask | None:
    (found,) = await SendTask.resolve_nodes(info=info, node_ids=[resource_id])
    return found


SCHEMA = SourceSchema(
    name="limbobeat",
    queries=SendTasksQuery,
    mutations=SendTasksMutation,
    tasks=READER,
    links=(Link("send-task", SendTask, load_send_task),),
)
