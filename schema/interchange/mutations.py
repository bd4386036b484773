"""`completeWorkItem`: a write that is checked first, never retried, and refused as data."""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from strawberry.scalars import JSON

from gateway.callers.scopes import requires, write_scope
from gateway.context import Info
from gateway.errors import Conflict, NotFound, UpstreamRejected
from gateway.sources.interchange.client import (
    MAX_LIMIT,
    STATUSES,
    InterchangeClient,
    WorkItemFilter,
)
from gateway.sources.interchange.loaders import WorkItemByIdLoader, WorkItemPageBySourceLoader
from gateway.sources.interchange.loaders import WorkItemPageKey as Key
from gateway.sources.interchange.payloads import WorkItemDocumentPayload
from schema.graph.ids import node_key
from schema.graph.limits.cost import cost
from schema.graph.redaction import refusal_words
from schema.graph.user_errors import INPUT, UserError, input_error, user_errors_from
from schema.interchange.enums import WorkItemKind
from schema.interchange.types import WorkItem, item_key

# What every mutation here requires: `interchange:write`, which `work:write` includes.
WRITE = write_scope("interchange")

COMPLETED_FILTER = WorkItemFilter(statuses=("COMPLETED",))


@strawberry.input(description="The work item to complete, and what its completion records.")
class CompleteWorkItemInput:
    id: strawberry.ID = strawberry.field(description="The item's global id.")
    result: JSON | None = strawberry.field(
        default=None,
        description="A JSON object recorded as the item's result; it must carry the item's "
        "`requiredResultFields`.",
    )
    notes: str | None = strawberry.field(default=None, description="Notes for the item's history.")


@strawberry.type(description="The outcome of `completeWorkItem`.")
class CompleteWorkItemPayload:
    work_item: WorkItem | None = strawberry.field(
        description="The item as completed; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(
        description="What Interchange or the gateway refused; empty on success."
    )


def refused(message: str, code: str, *path: str) -> CompleteWorkItemPayload:
    return CompleteWorkItemPayload(work_item=None, user_errors=[input_error(message, code, *path)])


async def required_result_fields(
    info: Info, source_id: str, document: WorkItemDocumentPayload
) -> list[str] | None:
    """The keys the upstream will insist on, or None when they cannot be found.

    Only list items carry `requiredResultFields` (reference: Quirks) and there is no id filter,
    so the list is narrowed by the item's own resource, media buy, buyer and kind, across every
    status, and the item picked out of it by id.
    """
    item = document.item
    known = item.kind in WorkItemKind.__members__ and item.kind != WorkItemKind.UNKNOWN.value
    kind = item.kind if known else None
    narrowed = WorkItemFilter(
        statuses=STATUSES,
        kind=kind,
        resource_type=item.resource_type or None,
        resource_id=item.resource_id or None,
        media_buy_id=item.media_buy_id or None,
        buyer_customer_id=item.buyer_customer_id,
    )
    loader = info.context.loader(WorkItemPageBySourceLoader)
    answer = await loader.load(Key(source_id, narrowed, MAX_LIMIT))
    if answer is None or answer.page is None:
        # Cannot check here: the upstream checks the same keys itself (400 with `field`).
        return None
    found = (s for s in answer.page.items if s.id == item.id)
    summary = next(found, None)
    return summary.required_result_fields if summary is not None else None


@strawberry.type
class WorkItemsMutation:
    @strawberry.mutation(
        metadata=cost(3),
        extensions=requires(WRITE),
        description="Complete a work item. Reads the item (and its list entry, for the result "
        "keys it requires) first; refusals come back as `userErrors`. Never retried.",
    )
    async def complete_work_item(
        self,
        info: Info,
        input: Annotated[CompleteWorkItemInput, strawberry.argument(description=INPUT)],
    ) -> CompleteWorkItemPayload | None:
        key = item_key(node_key(input.id, WorkItem, argument="input.id"))
        result, notes = input.result, input.notes
        if result is not None and not isinstance(result, dict):
            return refused("`result` must be a JSON object", "INVALID", "result")
        if key is None:
            return refused("No such work item", "NOT_FOUND", "id")
        client = info.context.clients.get(InterchangeClient)
        document = await info.context.loader(WorkItemByIdLoader).load(key)
        if document is None:
            return refused("No such work item in this inventory source", "NOT_FOUND", "id")
        required = await required_result_fields(info, key[0], document) or []
        given: dict[str, Any] = result or {}
        missing = [name for name in required if name not in given]
        if missing:
            return CompleteWorkItemPayload(
                work_item=None,
                user_errors=[
                    input_error(
                        f"`result.{name}` is required to complete this work item",
                        "REQUIRED",
                        "result",
                        name,
                    )
                    for name in missing
                ],
            )
        try:
            done = await client.complete_work_item(*key, result=result, notes=notes)
        except Conflict as exc:
            return refused(refusal_words(exc), "CONFLICT")
        except NotFound as exc:
            return refused(refusal_words(exc), "NOT_FOUND", "id")
        except UpstreamRejected as exc:
            problems = user_errors_from(exc, {}, default_code="VALIDATION_ERROR")
            return CompleteWorkItemPayload(work_item=None, user_errors=problems)
        # The item changed: its events must be read again if asked for.
        info.context.loader(WorkItemByIdLoader).clear(key)
        # Live subscriptions on its inventory source poll now rather than at their next interval.
        await info.context.wrote("interchange", *key)
        # The answer is COMPLETED even when the wire leaves `status` out (reference: Quirks).
        item = WorkItem.from_payload(done.item, source_id=key[0], filter=COMPLETED_FILTER)
        return CompleteWorkItemPayload(work_item=item, user_errors=[])
