"""Writing inventory lists and their items; Xandr's refusals come back as `userErrors`."""

from __future__ import annotations

import strawberry

from gateway.callers.scopes import XANDR_WRITE, requires
from gateway.context import Info
from gateway.errors import Conflict, GatewayError, NotFound, UpstreamRejected
from gateway.sources.xandr.client import XandrClient
from gateway.sources.xandr.errors import UpstreamLimitReached
from schema.graph.user_errors import UserError, user_errors_from
from schema.xandr.inputs import (
    CreateInventoryListInput,
    InventoryListItemInput,
    UpdateInventoryListInput,
)
from schema.xandr.types import InventoryList, InventoryListItem, parse_id

# What Xandr refuses as a business outcome; anything else (auth, outage) is a GraphQL error.
REFUSALS = (UpstreamRejected, NotFound, Conflict, UpstreamLimitReached)
MAX_ITEMS = 30_000
CODES = {NotFound: "NOT_FOUND", Conflict: "CONFLICT", UpstreamLimitReached: "LIMIT_REACHED"}


def refusal(exc: GatewayError, field: list[str] | None = None) -> list[UserError]:
    """Xandr names no field in its errors, so the error points at the input as a whole."""
    if isinstance(exc, UpstreamRejected) and not isinstance(exc, UpstreamLimitReached):
        return user_errors_from(exc, {})
    code = next((c for t, c in CODES.items() if isinstance(exc, t)), exc.code)
    return [UserError(field=field, message=exc.message, code=code)]


def unknown_id(field: str = "id") -> list[UserError]:
    return [UserError(field=[field], message="No inventory list has this id", code="NOT_FOUND")]


@strawberry.type
class CreateInventoryListPayload:
    inventory_list: InventoryList | None
    user_errors: list[UserError]


@strawberry.type
class UpdateInventoryListPayload:
    inventory_list: InventoryList | None
    user_errors: list[UserError]


@strawberry.type
class DeleteInventoryListPayload:
    deleted_id: strawberry.ID | None
    user_errors: list[UserError]


@strawberry.type
class AddInventoryListItemsPayload:
    added_items: list[InventoryListItem] = strawberry.field(
        description="The items Xandr added, in the order given."
    )
    not_added_urls: list[str] = strawberry.field(
        description="Urls not added: items are sent 1000 at a time, the first refusal stops."
    )
    user_errors: list[UserError]


@strawberry.type
class RemoveInventoryListItemsPayload:
    removed_ids: list[strawberry.ID]
    user_errors: list[UserError]


@strawberry.type
class UpdateInventoryListItemPayload:
    item: InventoryListItem | None
    user_errors: list[UserError]


@strawberry.type
class InventoryListsMutation:
    @strawberry.mutation(
        extensions=requires(XANDR_WRITE),
        description="Create a list; its type cannot be changed afterwards.",
    )
    async def create_inventory_list(
        self, info: Info, input: CreateInventoryListInput
    ) -> CreateInventoryListPayload | None:
        client = info.context.clients.get(XandrClient)
        try:
            payload = await client.create_inventory_list(input.to_wire())
        except REFUSALS as exc:
            return CreateInventoryListPayload(inventory_list=None, user_errors=refusal(exc))
        return CreateInventoryListPayload(
            inventory_list=InventoryList.from_payload(payload), user_errors=[]
        )

    @strawberry.mutation(
        extensions=requires(XANDR_WRITE),
        description="Change a list's name, description, owner or scope.",
    )
    async def update_inventory_list(
        self, info: Info, id: strawberry.ID, input: UpdateInventoryListInput
    ) -> UpdateInventoryListPayload | None:
        if input.type is not strawberry.UNSET:
            # Immutable upstream (reference: Update); refused before any call, never sent.
            immutable = UserError(
                field=["input", "type"],
                message="The type of an inventory list cannot be changed",
                code="TYPE_IMMUTABLE",
            )
            return UpdateInventoryListPayload(inventory_list=None, user_errors=[immutable])
        list_id = parse_id(str(id))
        if list_id is None:
            return UpdateInventoryListPayload(inventory_list=None, user_errors=unknown_id())
        client = info.context.clients.get(XandrClient)
        try:
            payload = await client.update_inventory_list(list_id, input.to_wire())
        except REFUSALS as exc:
            return UpdateInventoryListPayload(inventory_list=None, user_errors=refusal(exc))
        return UpdateInventoryListPayload(
            inventory_list=InventoryList.from_payload(payload), user_errors=[]
        )

    @strawberry.mutation(
        extensions=requires(XANDR_WRITE), description="Delete a list by its Xandr API id."
    )
    async def delete_inventory_list(
        self, info: Info, id: strawberry.ID
    ) -> DeleteInventoryListPayload | None:
        list_id = parse_id(str(id))
        if list_id is None:
            return DeleteInventoryListPayload(deleted_id=None, user_errors=unknown_id())
        try:
            await info.context.clients.get(XandrClient).delete_inventory_list(list_id)
        except REFUSALS as exc:
            return DeleteInventoryListPayload(deleted_id=None, user_errors=refusal(exc, ["id"]))
        return DeleteInventoryListPayload(deleted_id=strawberry.ID(str(list_id)), user_errors=[])

    @strawberry.mutation(
        extensions=requires(XANDR_WRITE),
        description="Add domains and apps; sent to Xandr 1000 at a time.",
    )
    async def add_inventory_list_items(
        self, info: Info, list_id: strawberry.ID, items: list[InventoryListItemInput]
    ) -> AddInventoryListItemsPayload | None:
        urls = [item.url for item in items]
        key = parse_id(str(list_id))
        if key is None or len(items) > MAX_ITEMS:
            problem = (
                unknown_id("listId")
                if key is None
                else [
                    UserError(
                        field=["items"], message=f"At most {MAX_ITEMS} items", code="TOO_MANY"
                    )
                ]
            )
            return AddInventoryListItemsPayload(
                added_items=[], not_added_urls=urls, user_errors=problem
            )
        wire = [{"url": i.url, "include_children": i.include_children} for i in items]
        result = await info.context.clients.get(XandrClient).add_items(key, wire)
        if result.error is not None and not result.added and not isinstance(result.error, REFUSALS):
            raise result.error
        return AddInventoryListItemsPayload(
            added_items=[InventoryListItem.from_payload(key, p) for p in result.added],
            not_added_urls=urls[result.failed_from :] if result.failed_from is not None else [],
            user_errors=refusal(result.error, ["items"]) if result.error else [],
        )

    @strawberry.mutation(
        extensions=requires(XANDR_WRITE),
        description="Remove items by their Xandr ids; sent 100 ids at a time.",
    )
    async def remove_inventory_list_items(
        self, info: Info, list_id: strawberry.ID, item_ids: list[strawberry.ID]
    ) -> RemoveInventoryListItemsPayload | None:
        key = parse_id(str(list_id))
        ids = [parse_id(str(i)) for i in item_ids]
        if key is None:
            return RemoveInventoryListItemsPayload(removed_ids=[], user_errors=unknown_id("listId"))
        wanted = [i for i in ids if i is not None]
        # Xandr item ids are numbers: any other id names no item of this list.
        unknown = [
            UserError(field=["itemIds", str(n)], message="No such item", code="NOT_FOUND")
            for n, i in enumerate(ids)
            if i is None
        ]
        client = info.context.clients.get(XandrClient)
        removed, error = await client.remove_items(key, wanted) if wanted else ([], None)
        if error is not None and not removed and not isinstance(error, REFUSALS):
            raise error
        return RemoveInventoryListItemsPayload(
            removed_ids=[strawberry.ID(str(i)) for i in removed],
            user_errors=unknown + (refusal(error, ["itemIds"]) if error else []),
        )

    @strawberry.mutation(
        extensions=requires(XANDR_WRITE),
        description="Change an item's includeChildren, its only mutable field.",
    )
    async def update_inventory_list_item(
        self, info: Info, list_id: strawberry.ID, item_id: strawberry.ID, include_children: bool
    ) -> UpdateInventoryListItemPayload | None:
        key, item_key = parse_id(str(list_id)), parse_id(str(item_id))
        if key is None or item_key is None:
            missing = UserError(field=None, message="No such inventory list item", code="NOT_FOUND")
            return UpdateInventoryListItemPayload(item=None, user_errors=[missing])
        client = info.context.clients.get(XandrClient)
        try:
            payload = await client.update_item(key, item_key, include_children=include_children)
        except REFUSALS as exc:
            return UpdateInventoryListItemPayload(item=None, user_errors=refusal(exc))
        return UpdateInventoryListItemPayload(
            item=InventoryListItem.from_payload(key, payload), user_errors=[]
        )
