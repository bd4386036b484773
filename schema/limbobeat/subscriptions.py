"""limbo/Beat's live subscription: send tasks watched by id, for a screen awaiting deliveries."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Annotated

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.live import Target
from gateway.sources.limbobeat.client import LimbobeatClient
from schema.graph.live.reads import Reads
from schema.graph.live.stream import POLLED, checked_ids, ids_description, stream
from schema.graph.live.types import TaskEvent
from schema.graph.task import Task
from schema.limbobeat.types import SendTask


def send_tasks_target(reads: Reads, ids: list[str]) -> Target:
    """The watched send tasks, whatever their state: one batch lookup per poll."""

    async def read(info: Info) -> list[Task]:
        client = info.context.clients.get(LimbobeatClient)
        return [SendTask.from_payload(p) for p in await client.get_send_tasks(ids)]

    return Target(
        key=("send-tasks", frozenset(ids)),
        source="limbobeat",
        read=reads.snapshot(read),
        touched_by=lambda keys: not keys.isdisjoint(ids),
    )


@strawberry.type
class SendTasksSubscription:
    @strawberry.subscription(
        extensions=requires(WORK_READ),
        metadata=POLLED,
        description="The given send tasks (limbo/Beat), in every state: for a screen waiting for"
        " deliveries to finish. One batch lookup per interval for all of them.",
    )
    async def send_task_changed(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID], strawberry.argument(description=ids_description("send tasks"))
        ],
    ) -> AsyncGenerator[TaskEvent, None]:
        keys = checked_ids(info, ids, SendTask)
        async for event in stream(info, [send_tasks_target(Reads.shared(info), keys)]):
            yield event
