"""limbo/Beat's root fields: `sendTasks` and `sendTask`."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.sources.limbobeat.client import LimbobeatClient, SendTaskFilter
from gateway.sources.limbobeat.loaders import SendTaskByIdLoader
from schema.graph.cache_hints import hint
from schema.graph.ids import node_key
from schema.graph.limits.cost import Site, batch_calls, cost
from schema.graph.pagination import (
    FIRST_20,
    After,
    check_first,
    connection,
    decode_cursor,
    page_window,
    slice_window,
)
from schema.limbobeat.inputs import SendTaskFilterInput
from schema.limbobeat.related import prefetch_related
from schema.limbobeat.types import SendTask, SendTaskConnection, reads


def _list_calls(site: Site) -> int:
    """One page, or two when a cursor's offset straddles page boundaries."""
    return reads(site) * (1 if site.arg("after") is None else 2)


@strawberry.type
class SendTasksQuery:
    @strawberry.field(
        metadata=cost(_list_calls, items=lambda site: site.arg("first", 20)),
        extensions=requires(WORK_READ),
        directives=hint(30),
        description="Send tasks in limbo/Beat's order (ascending id).",
    )
    async def send_tasks(
        self,
        info: Info,
        filter: Annotated[
            SendTaskFilterInput | None,
            strawberry.argument(description="Which send tasks; null: all of them."),
        ] = None,
        first: Annotated[int, strawberry.argument(description=FIRST_20)] = 20,
        after: After = None,
    ) -> SendTaskConnection | None:
        client = info.context.clients.get(LimbobeatClient)
        limit = check_first(first)
        offset = decode_cursor("sendTasks", after)
        upstream_filter = filter.to_filter() if filter else SendTaskFilter()
        pages: list[tuple[tuple[int, int], Any]] = []
        total = 0
        for number, size in page_window(offset, limit, client.settings.page_size_cap):
            page = await client.list_send_tasks(upstream_filter, page_number=number, page_size=size)
            pages.append(((number, size), page.data))
            total = page.meta.page.total
        items = slice_window(pages, offset, limit)
        tasks = [SendTask.from_payload(p) for p in items]
        await prefetch_related(info, tasks)
        return connection(
            SendTaskConnection,
            "sendTasks",
            tasks,
            offset=offset,
            has_next_page=offset + len(items) < total,
            total_count=total,
        )

    @strawberry.field(
        metadata=cost(
            lambda site: (
                reads(site)
                * batch_calls(
                    site.objects,
                    site.settings.limbobeat.max_batch_size,
                    site.settings.limbobeat.page_size_cap,
                )
            ),
            loader="limbobeat.send_task",
        ),
        extensions=requires(WORK_READ),
        directives=hint(30),
        description="One send task; null when it does not exist.",
    )
    async def send_task(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The task's global id.")],
    ) -> SendTask | None:
        payload = await info.context.loader(SendTaskByIdLoader).load(node_key(id, SendTask))
        return SendTask.from_payload(payload) if payload is not None else None
