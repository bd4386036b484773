"""Catalog task mutations (Vionlabs): create and deactivate, refusals reported as user errors."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

import strawberry

from gateway.callers.scopes import requires, write_scope
from gateway.context import Info
from gateway.errors import BadUserInput, NotFound, UpstreamRejected
from gateway.sources.vionlabs.client import CatalogTaskRecord, TaskRef, VionlabsClient
from gateway.sources.vionlabs.loaders import CatalogTasksByItemLoader
from gateway.sources.vionlabs.payloads import TaskStatusPayload
from schema.graph.ids import node_key
from schema.graph.limits.cost import cost
from schema.graph.redaction import refusal_words
from schema.graph.user_errors import INPUT, UserError, input_error, unknown_value, user_errors_from
from schema.vionlabs.enums import CatalogProduct, CatalogTaskPriority
from schema.vionlabs.types import CatalogTask, task_ref

# What every mutation here requires: `vionlabs:write`, which `work:write` includes.
WRITE = write_scope("vionlabs")

# Vionlabs' names in a 422 `loc` (after "path"/"body") -> the mutation's input path.
FIELD_MAP = {
    "inventory_id": ["input", "catalogItemUpstreamId"],
    "product": ["input", "product"],
    "version": ["input", "version"],
    "priority": ["input", "priority"],
}


@strawberry.input(description="A task to request: one catalog item, one product version.")
class CreateCatalogTaskInput:
    catalog_item_upstream_id: strawberry.ID = strawberry.field(
        description="The item's inventory id (the customer's own asset id, e.g. `asset-0001`); "
        "the item must already be in the Vionlabs catalog."
    )
    product: CatalogProduct = strawberry.field(
        description="The product to run; UNKNOWN is refused (code INVALID)."
    )
    version: str = strawberry.field(
        description="The product version, as Vionlabs spells it (e.g. `1.0.1`); not empty, "
        "`.` or `..`."
    )
    priority: CatalogTaskPriority = strawberry.field(
        default=CatalogTaskPriority.LOW, description="How urgent the task is; default LOW."
    )


@strawberry.input(description="The task to deactivate.")
class DeactivateCatalogTaskInput:
    id: strawberry.ID = strawberry.field(description="The task's global id.")


@strawberry.type(description="The outcome of `createCatalogTask`.")
class CreateCatalogTaskPayload:
    catalog_task: CatalogTask | None = strawberry.field(
        description="The requested task (or the unfinished one already there); null when "
        "`userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What Vionlabs or the gateway refused; empty on success."
    )


@strawberry.type(description="The outcome of `deactivateCatalogTask`.")
class DeactivateCatalogTaskPayload:
    catalog_task: CatalogTask | None = strawberry.field(
        description="The deactivated task; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What Vionlabs or the gateway refused; empty on success."
    )


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
        return None, [input_error(refusal_words(exc), "NOT_FOUND")]
    except BadUserInput as exc:
        argument = exc.details.get("argument")
        path = [argument] if argument else []
        return None, [input_error(exc.message, "INVALID", *path)]
    # Later fields of this request must not read the item's list from before the write.
    info.context.loader(CatalogTasksByItemLoader).forget(ref.catalog_item_id)
    # Live subscriptions watching the item poll now rather than at their next interval.
    await info.context.wrote("vionlabs", ref.catalog_item_id)
    return CatalogTask.from_payload(CatalogTaskRecord.of(ref, payload)), []


@strawberry.type
class CatalogTasksMutation:
    @strawberry.mutation(
        metadata=cost(1),
        extensions=requires(WRITE),
        description="Ask Vionlabs to process an item with a product version; an unfinished "
        "task for the same combination is returned as it is.",
    )
    async def create_catalog_task(
        self,
        info: Info,
        input: Annotated[CreateCatalogTaskInput, strawberry.argument(description=INPUT)],
    ) -> CreateCatalogTaskPayload | None:
        if input.product is CatalogProduct.UNKNOWN:
            unknown = unknown_value("product", "product")
            return CreateCatalogTaskPayload(catalog_task=None, user_errors=[unknown])
        ref = TaskRef(str(input.catalog_item_upstream_id), input.product.value, input.version)
        priority = input.priority.value

        async def create(client: VionlabsClient, ref: TaskRef) -> TaskStatusPayload:
            return await client.create_task(ref, priority)

        task, errors = await run(info, ref, create)
        return CreateCatalogTaskPayload(catalog_task=task, user_errors=errors)

    @strawberry.mutation(
        metadata=cost(1),
        extensions=requires(WRITE),
        description="Deactivate (cancel) a task; Vionlabs answers with it.",
    )
    async def deactivate_catalog_task(
        self,
        info: Info,
        input: Annotated[DeactivateCatalogTaskInput, strawberry.argument(description=INPUT)],
    ) -> DeactivateCatalogTaskPayload | None:
        ref = task_ref(node_key(input.id, CatalogTask, argument="input.id"))
        if ref is None:
            missing = input_error("No such task", "NOT_FOUND", "id")
            return DeactivateCatalogTaskPayload(catalog_task=None, user_errors=[missing])

        async def deactivate(client: VionlabsClient, ref: TaskRef) -> TaskStatusPayload:
            return await client.deactivate_task(ref)

        task, errors = await run(info, ref, deactivate)
        return DeactivateCatalogTaskPayload(catalog_task=task, user_errors=errors)
