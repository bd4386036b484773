"""Catalog task mutations (Vionlabs): create and deactivate, refusals reported as user errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from gateway.callers.scopes import VIONLABS_WRITE, requires
from gateway.context import Info
from gateway.errors import BadUserInput, NotFound, UpstreamRejected
from gateway.sources.vionlabs.client import CatalogTaskRecord, TaskRef, VionlabsClient
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from gateway.sources.vionlabs.payloads import TaskStatusPayload
from schema.graph.user_errors import UserError, user_errors_from
from schema.vionlabs.enums import CatalogTaskPriority
from schema.vionlabs.types import CatalogTask

# Vionlabs' names in a 422 `loc` (after "path"/"body") -> the mutation's argument path.
FIELD_MAP = {
    "inventory_id": ["catalogItemId"],
    "product": ["product"],
    "version": ["version"],
    "priority": ["priority"],
}


@strawberry.type
class CreateCatalogTaskPayload:
    task: CatalogTask | None = strawberry.field(description="Null when userErrors is not empty.")
    user_errors: list[UserError]


@strawberry.type
class DeactivateCatalogTaskPayload:
    task: CatalogTask | None = strawberry.field(
        description="The deactivated task; null when userErrors is not empty."
    )
    user_errors: list[UserError]


TaskCall = Callable[[VionlabsClient, TaskRef], Awaitable[TaskStatusPayload]]


async def run(
    info: Info, ref: TaskRef, call: TaskCall
) -> tuple[CatalogTask | None, list[UserError]]:
    """One write: what Vionlabs refused becomes user errors; outages and auth stay errors."""
    client = info.context.clients.get(VionlabsClient)
    try:
        payload = await call(client, ref)
    except UpstreamRejected as exc:
        return None, user_errors_from(exc, FIELD_MAP)
    except NotFound as exc:
        # A string `detail`: the item is not in the catalog, or there is no active task.
        return None, [UserError(field=None, message=exc.message, code="NOT_FOUND")]
    except BadUserInput as exc:
        argument = exc.details.get("argument")
        return None, [
            UserError(field=[argument] if argument else None, message=exc.message, code="INVALID")
        ]
    # Later fields of this request must not read the item's list from before the write.
    info.context.loader(CatalogTasksByItemLoader).forget(ref.catalog_item_id)
    return CatalogTask.from_payload(CatalogTaskRecord.of(ref, payload)), []


@strawberry.type
class CatalogTasksMutation:
    @strawberry.mutation(
        extensions=requires(VIONLABS_WRITE),
        description="Ask Vionlabs to process an item with a product version; an unfinished "
        "task for the same combination is returned as it is.",
    )
    async def create_catalog_task(
        self,
        info: Info,
        catalog_item_id: strawberry.ID,
        product: str,
        version: str,
        priority: CatalogTaskPriority = CatalogTaskPriority.LOW,
    ) -> CreateCatalogTaskPayload | None:
        async def create(client: VionlabsClient, ref: TaskRef) -> TaskStatusPayload:
            return await client.create_task(ref, priority.value)

        task, errors = await run(info, TaskRef(str(catalog_item_id), product, version), create)
        return CreateCatalogTaskPayload(task=task, user_errors=errors)

    @strawberry.mutation(
        extensions=requires(VIONLABS_WRITE),
        description="Deactivate (cancel) a task; Vionlabs answers with it.",
    )
    async def deactivate_catalog_task(
        self, info: Info, catalog_item_id: strawberry.ID, product: str, version: str
    ) -> DeactivateCatalogTaskPayload | None:
        async def deactivate(client: VionlabsClient, ref: TaskRef) -> TaskStatusPayload:
            return await client.deactivate_task(ref)

        task, errors = await run(info, TaskRef(str(catalog_item_id), product, version), deactivate)
        return DeactivateCatalogTaskPayload(task=task, user_errors=errors)
