"""Work instances in the `tasks` queue: the caller's open and closed lists, as the states ask."""

from __future__ import annotations

from gateway.context import Info
from gateway.sources.blueworks.client import BlueworksClient, WorkType
from gateway.sources.blueworks.loaders import WorkListKey, WorkListPageLoader
from schema.blueworks.states import STATES
from schema.blueworks.types import WorkInstance, hops
from schema.graph.limits.cost import Site
from schema.graph.task_scope import SourceBatch, TaskReader, TaskScope
from schema.graph.task_states import UNMAPPED_STATE, TaskState


def work_types(states: frozenset[TaskState]) -> list[WorkType]:
    open_states = {STATES.state_of(s) for s in ("Active", "Overdue")}
    closed_states = {STATES.state_of(s) for s in ("Completed", "Cancelled")}
    types: list[WorkType] = []
    if states & (open_states | {UNMAPPED_STATE}):
        types.append("open")
    if states & closed_states:
        types.append("closed")
    return types


async def read_tasks(info: Info, scope: TaskScope) -> SourceBatch:
    batch = SourceBatch(STATES.name)
    client = info.context.clients.get(BlueworksClient)
    limit = min(scope.limit, client.settings.page_size_cap)
    keys = [
        WorkListKey(info.context.identity.user, work_type, 0, limit)
        for work_type in work_types(scope.states)
    ]
    for page in await info.context.loader(WorkListPageLoader).load_many(keys):
        if page is None:
            continue
        apps = {app.id: app for app in page.apps}
        batch.tasks += [WorkInstance.from_payload(w, apps.get(w.app_id or "")) for w in page.work]
        batch.truncated |= page.more
    return batch


# No totals upstream: `taskSummary` counts what `read_tasks` reads. WorkList lists the work of
# the acting user, so what it reads depends on the caller.
def read_calls(scope: TaskScope, site: Site) -> int:
    """One WorkList call per work type the states need."""
    return len(work_types(scope.states)) * hops(site)


READER = TaskReader(STATES, read=read_tasks, per_caller=True, read_calls=read_calls)
