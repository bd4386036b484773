"""limbo/Beat in the graph: send tasks, and the products and DSPs they deliver to."""

from gateway.context import Info
from schema.graph.limits.cost import Site, batch_calls
from schema.graph.links import Link
from schema.graph.source_schema import SourceSchema
from schema.limbobeat.mutations import SendTasksMutation
from schema.limbobeat.queries import SendTasksQuery
from schema.limbobeat.subscriptions import SendTasksSubscription
from schema.limbobeat.tasks import READER
from schema.limbobeat.types import SendTask, reads


async def load_send_task(info: Info, resource_id: str) -> SendTask | None:
    (found,) = await SendTask.resolve_nodes(info=info, node_ids=[resource_id])
    return found


def _by_ids(site: Site, ids: int) -> int:
    settings = site.settings.limbobeat
    return batch_calls(ids, settings.max_batch_size, settings.page_size_cap)


SCHEMA = SourceSchema(
    name="limbobeat",
    queries=SendTasksQuery,
    mutations=SendTasksMutation,
    subscriptions=SendTasksSubscription,
    tasks=READER,
    links=(Link("send-task", SendTask, load_send_task),),
    lookups={
        # Reads of send tasks may take two calls (`reads`); products and DSPs are plain.
        "SendTask": lambda site, ids: reads(site) * _by_ids(site, ids),
        "Product": _by_ids,
        "DspUploadIdentification": _by_ids,
    },
)
