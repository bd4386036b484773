"""Blueworks' root field: `workInstances`, the caller's work in Blueworks' own order."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.sources.blueworks.client import BlueworksClient
from gateway.sources.blueworks.loaders import WorkListKey, WorkListPageLoader
from schema.blueworks.enums import WORK_TYPES, WorkInstanceType
from schema.blueworks.types import WorkInstance, WorkInstanceConnection, hops
from schema.graph.limits.cost import cost
from schema.graph.pagination import After, check_first, connection, decode_cursor


@strawberry.type
class WorkInstancesQuery:
    @strawberry.field(
        metadata=cost(hops, items=lambda site: site.arg("first", 20)),
        extensions=requires(WORK_READ),
        description="Work instances the caller started, in Blueworks' order (latest due first, "
        "undated last).",
    )
    async def work_instances(
        self,
        info: Info,
        type: Annotated[
            WorkInstanceType,
            strawberry.argument(description="Running (OPEN) or finished (CLOSED) instances."),
        ],
        first: Annotated[
            int,
            strawberry.argument(
                description="How many to return: 1 to `GATEWAY_BLUEWORKS__PAGE_SIZE_CAP` "
                "(default 100), default 20."
            ),
        ] = 20,
        after: After = None,
    ) -> WorkInstanceConnection | None:
        client = info.context.clients.get(BlueworksClient)
        limit = check_first(first, client.settings.page_size_cap)
        scope = f"workInstances:{type.value}"
        # The upstream pages by offset (startFrom), so the cursor's offset maps directly.
        offset = decode_cursor(scope, after)
        key = WorkListKey(info.context.identity.user, WORK_TYPES[type], offset, limit)
        page = await info.context.loader(WorkListPageLoader).load(key)
        assert page is not None
        apps = {a.id: a for a in page.apps}
        nodes = [WorkInstance.from_payload(w, apps.get(w.app_id or "")) for w in page.work]
        return connection(
            WorkInstanceConnection,
            scope,
            nodes,
            offset=offset,
            # An empty page that claims `more` would make clients loop forever.
            has_next_page=page.more and bool(page.work),
        )
