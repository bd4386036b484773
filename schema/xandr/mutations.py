"""Writing inventory lists and their items; Xandr's refusals come back as `userErrors`."""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.callers.scopes import requires, write_scope
from gateway.context import Info
from gateway.errors import Conflict, GatewayError, NotFound, UpstreamRejected
from gateway.sources.xandr.client import ITEM_CHUNK, PAGE_CAP, RemoveItemsResult, XandrClient
from gateway.sources.xandr.errors import UpstreamLimitReached
from schema.graph.ids import global_id, node_key
from schema.graph.limits.cost import Site, ceil_div, cost
from schema.graph.redaction import refusal_words
from schema.graph.user_errors import (
    INPUT,
    UserError,
    input_error,
    nothing_to_update,
    unknown_value,
    user_errors_from,
)
from schema.xandr.enums import InventoryListType
from schema.xandr.inputs import (
    AddInventoryListItemsInput,
    CreateInventoryListInput,
    DeleteInventoryListInput,
    RemoveInventoryListItemsInput,
    UpdateInventoryListInput,
    UpdateInventoryListItemInput,
    id_errors,
)
from schema.xandr.types import InventoryList, InventoryListItem, item_key, parse_id

# What every mutation here requires: `xandr:write`, which `work:write` includes.
WRITE = write_scope("xandr")

# What Xandr refuses as a business outcome; anything else (auth, outage) is a GraphQL error.
REFUSALS = (UpstreamRejected, NotFound, Conflict, UpstreamLimitReached)
MAX_ITEMS = 30_000
CODES = {NotFound: "NOT_FOUND", Conflict: "CONFLICT", UpstreamLimitReached: "LIMIT_REACHED"}


def refusal(exc: GatewayError, field: list[str] | None = None) -> list[UserError]:
    """Xandr names no field in its errors, so the error points at the input as a whole."""
    if isinstance(exc, UpstreamRejected) and not isinstance(exc, UpstreamLimitReached):
        return user_errors_from(exc, {})
    code = next((c for t, c in CODES.items() if isinstance(exc, t)), exc.code)
    return [UserError(field=field, message=refusal_words(exc), code=code)]


def unknown_id(field: str = "id") -> list[UserError]:
    return [input_error("No inventory list has this id", "NOT_FOUND", field)]


def list_key(raw: strawberry.ID, argument: str) -> int | None:
    """The Xandr API id inside a list's global id; None when it names no list."""
    return parse_id(node_key(raw, InventoryList, argument=argument))


USER_ERRORS = "What Xandr or the gateway refused; empty on success."
UPDATABLE = "name, description, advertiserId, insertionOrderId, lineItemId, requiredForAll"


def _item_count(site: Site, name: str) -> int:
    value = (site.arg("input") or {}).get(name)
    return len(value) if isinstance(value, list) else 0


@strawberry.type(description="The outcome of `createInventoryList`.")
class CreateInventoryListPayload:
    inventory_list: InventoryList | None = strawberry.field(
        description="The new list; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of `updateInventoryList`.")
class UpdateInventoryListPayload:
    inventory_list: InventoryList | None = strawberry.field(
        description="The list as changed; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of `deleteInventoryList`.")
class DeleteInventoryListPayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        description="The deleted list's global id; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of `addInventoryListItems`.")
class AddInventoryListItemsPayload:
    added_items: list[InventoryListItem] = strawberry.field(
        description="The items Xandr added, in the order given."
    )
    not_added_urls: list[str] = strawberry.field(
        description="Urls not added: items are sent 1000 at a time, the first refusal stops."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of `removeInventoryListItems`.")
class RemoveInventoryListItemsPayload:
    removed_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the items removed: only those the list held, each once (an "
        "id given twice is sent once)."
    )
    not_found_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids given that name no item of the list (already gone, never there, "
        "or another list's), in the order given; nothing was sent for them. They are not "
        "`userErrors`: removing is idempotent, so removing an item twice answers it here, as "
        "Xandr's own DELETE skips ids it does not know."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of `updateInventoryListItem`.")
class UpdateInventoryListItemPayload:
    inventory_list_item: InventoryListItem | None = strawberry.field(
        description="The item as changed; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


def item_keys(input: RemoveInventoryListItemsInput, list_id: int) -> list[int | None]:
    """Each given id's item id within the list; None for an item of another list."""
    keys = []
    for n, raw in enumerate(input.item_ids):
        key = item_key(node_key(raw, InventoryListItem, argument=f"input.itemIds.{n}"))
        keys.append(key[1] if key is not None and key[0] == list_id else None)
    return keys


def item_id(list_id: int, item: int) -> strawberry.ID:
    return global_id(InventoryListItem, f"{list_id}:{item}")


@strawberry.type
class InventoryListsMutation:
    @strawberry.mutation(
        metadata=cost(1),
        extensions=requires(WRITE),
        description="Create a list; its type cannot be changed afterwards.",
    )
    async def create_inventory_list(
        self,
        info: Info,
        input: Annotated[CreateInventoryListInput, strawberry.argument(description=INPUT)],
    ) -> CreateInventoryListPayload | None:
        refused = id_errors(input)
        if input.type is InventoryListType.UNKNOWN:
            refused.append(unknown_value("type", "list type"))
        if refused:
            return CreateInventoryListPayload(inventory_list=None, user_errors=refused)
        client = info.context.clients.get(XandrClient)
        try:
            payload = await client.create_inventory_list(input.to_wire())
        except REFUSALS as exc:
            return CreateInventoryListPayload(inventory_list=None, user_errors=refusal(exc))
        return CreateInventoryListPayload(
            inventory_list=InventoryList.from_payload(payload), user_errors=[]
        )

    @strawberry.mutation(
        metadata=cost(1),
        extensions=requires(WRITE),
        description="Change a list's name, description, owner or scope; with nothing to change "
        "nothing is sent and `userErrors` says NOTHING_TO_UPDATE.",
    )
    async def update_inventory_list(
        self,
        info: Info,
        input: Annotated[UpdateInventoryListInput, strawberry.argument(description=INPUT)],
    ) -> UpdateInventoryListPayload | None:
        list_id = list_key(input.id, "input.id")
        if input.type is not strawberry.UNSET:
            # Immutable upstream (reference: Update); refused before any call, never sent.
            immutable = input_error(
                "The type of an inventory list cannot be changed", "TYPE_IMMUTABLE", "type"
            )
            return UpdateInventoryListPayload(inventory_list=None, user_errors=[immutable])
        if list_id is None:
            return UpdateInventoryListPayload(inventory_list=None, user_errors=unknown_id())
        if refused := id_errors(input):
            return UpdateInventoryListPayload(inventory_list=None, user_errors=refused)
        if not (changes := input.to_wire()):
            nothing = nothing_to_update(UPDATABLE)
            return UpdateInventoryListPayload(inventory_list=None, user_errors=[nothing])
        client = info.context.clients.get(XandrClient)
        try:
            payload = await client.update_inventory_list(list_id, changes)
        except REFUSALS as exc:
            return UpdateInventoryListPayload(inventory_list=None, user_errors=refusal(exc))
        return UpdateInventoryListPayload(
            inventory_list=InventoryList.from_payload(payload), user_errors=[]
        )

    @strawberry.mutation(
        metadata=cost(1), extensions=requires(WRITE), description="Delete a list and its items."
    )
    async def delete_inventory_list(
        self,
        info: Info,
        input: Annotated[DeleteInventoryListInput, strawberry.argument(description=INPUT)],
    ) -> DeleteInventoryListPayload | None:
        list_id = list_key(input.id, "input.id")
        if list_id is None:
            return DeleteInventoryListPayload(deleted_id=None, user_errors=unknown_id())
        try:
            await info.context.clients.get(XandrClient).delete_inventory_list(list_id)
        except REFUSALS as exc:
            errors = refusal(exc, ["input", "id"])
            return DeleteInventoryListPayload(deleted_id=None, user_errors=errors)
        deleted = global_id(InventoryList, str(list_id))
        return DeleteInventoryListPayload(deleted_id=deleted, user_errors=[])

    @strawberry.mutation(
        metadata=cost(lambda site: ceil_div(_item_count(site, "items"), ITEM_CHUNK)),
        extensions=requires(WRITE),
        description="Add domains and apps; sent to Xandr 1000 at a time.",
    )
    async def add_inventory_list_items(
        self,
        info: Info,
        input: Annotated[AddInventoryListItemsInput, strawberry.argument(description=INPUT)],
    ) -> AddInventoryListItemsPayload | None:
        items = input.items
        urls = [item.url for item in items]
        key = list_key(input.inventory_list_id, "input.inventoryListId")
        if key is None or len(items) > MAX_ITEMS:
            problem = (
                unknown_id("inventoryListId")
                if key is None
                else [input_error(f"At most {MAX_ITEMS} items", "TOO_MANY", "items")]
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
            user_errors=refusal(result.error, ["input", "items"]) if result.error else [],
        )

    @strawberry.mutation(
        metadata=cost(lambda site: 2 * ceil_div(_item_count(site, "itemIds"), PAGE_CAP)),
        extensions=requires(WRITE),
        description="Remove items of one list; sent to Xandr 100 ids at a time. Ids the list "
        "does not hold come back in `notFoundIds`, never as `userErrors`.",
    )
    async def remove_inventory_list_items(
        self,
        info: Info,
        input: Annotated[RemoveInventoryListItemsInput, strawberry.argument(description=INPUT)],
    ) -> RemoveInventoryListItemsPayload | None:
        key = list_key(input.inventory_list_id, "input.inventoryListId")
        if key is None:
            errors = unknown_id("inventoryListId")
            return RemoveInventoryListItemsPayload(
                removed_ids=[], not_found_ids=list(input.item_ids), user_errors=errors
            )
        keys = item_keys(input, key)
        wanted = [k for k in keys if k is not None]
        client = info.context.clients.get(XandrClient)
        result = await client.remove_items(key, wanted) if wanted else RemoveItemsResult()
        error = result.error
        if error is not None and not result.removed and not isinstance(error, REFUSALS):
            raise error
        # Whatever the list does not hold is reported, not refused: removing is idempotent, as
        # Xandr's own DELETE, which skips ids it does not know (reference: Inventory List Item).
        absent = set(result.absent)
        not_found = [
            raw for raw, k in zip(input.item_ids, keys, strict=True) if k is None or k in absent
        ]
        return RemoveInventoryListItemsPayload(
            removed_ids=[item_id(key, i) for i in result.removed],
            not_found_ids=not_found,
            user_errors=refusal(error, ["input", "itemIds"]) if error else [],
        )

    @strawberry.mutation(
        metadata=cost(1),
        extensions=requires(WRITE),
        description="Change an item's includeChildren, its only mutable field.",
    )
    async def update_inventory_list_item(
        self,
        info: Info,
        input: Annotated[UpdateInventoryListItemInput, strawberry.argument(description=INPUT)],
    ) -> UpdateInventoryListItemPayload | None:
        key = item_key(node_key(input.id, InventoryListItem, argument="input.id"))
        if key is None:
            missing = input_error("No such inventory list item", "NOT_FOUND", "id")
            return UpdateInventoryListItemPayload(inventory_list_item=None, user_errors=[missing])
        client = info.context.clients.get(XandrClient)
        try:
            payload = await client.update_item(
                key[0], key[1], include_children=input.include_children
            )
        except REFUSALS as exc:
            return UpdateInventoryListItemPayload(
                inventory_list_item=None, user_errors=refusal(exc)
            )
        return UpdateInventoryListItemPayload(
            inventory_list_item=InventoryListItem.from_payload(key[0], payload), user_errors=[]
        )
