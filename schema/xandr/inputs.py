"""What callers give Xandr's fields: the list filter and order, and the write inputs."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.errors import BadUserInput
from gateway.sources.xandr.client import InventoryListFilter
from schema.graph.order import OrderDirection
from schema.graph.user_errors import UserError
from schema.xandr.enums import InventoryListOrderField, InventoryListType
from schema.xandr.types import parse_id

XANDR_ID = "A Xandr id (a whole number)"


@strawberry.input(description="Filters of `inventoryLists`; all given ones must match.")
class InventoryListFilterInput:
    search: str | None = strawberry.field(
        default=None, description="Lists whose domains or apps contain this text."
    )
    has_apps: bool | None = strawberry.field(
        default=None, description="True: lists with at least one app; false: lists with none."
    )
    has_domains: bool | None = strawberry.field(
        default=None,
        description="True: lists with at least one domain; false: lists with none.",
    )
    type: InventoryListType | None = strawberry.field(
        default=None, description="Only allowlists or only blocklists; UNKNOWN is refused."
    )
    advertiser_id: strawberry.ID | None = strawberry.field(
        default=None, description=f"Lists of this advertiser. {XANDR_ID}."
    )

    def to_filter(self, sort: str | None) -> InventoryListFilter:
        if self.type is InventoryListType.UNKNOWN:
            raise BadUserInput("UNKNOWN is not a list type to filter by", argument="filter.type")
        advertiser = parse_id(self.advertiser_id) if self.advertiser_id is not None else None
        if self.advertiser_id is not None and advertiser is None:
            raise BadUserInput("advertiserId must be a Xandr id", argument="filter.advertiserId")
        return InventoryListFilter(
            search=self.search or None,
            has_apps=self.has_apps,
            has_domains=self.has_domains,
            inventory_list_type=self.type.value if self.type else None,
            advertiser_ids=[advertiser] if advertiser is not None else [],
            sort=sort,
        )


@strawberry.input(description="Sort order of `inventoryLists`; ties keep ascending id.")
class InventoryListOrderInput:
    field: InventoryListOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way; default ASC."
    )


# The id fields of the list inputs: input field -> wire field.
ID_FIELDS = {
    "advertiserId": "advertiser_id",
    "insertionOrderId": "insertion_order_id",
    "lineItemId": "line_item_id",
}


def _ids(value: Any) -> int | None:
    return parse_id(str(value)) if value is not None else None


def id_errors(given: Any) -> list[UserError]:
    """A user error for each id field given a value that is not a Xandr id.

    Checked before anything is sent: such a value must never reach Xandr as null, which would
    clear the field (for `advertiserId`, widening the list to every advertiser).
    """
    errors = []
    for name, wire in ID_FIELDS.items():
        value = getattr(given, wire)
        if value is not None and value is not strawberry.UNSET and parse_id(str(value)) is None:
            errors.append(
                UserError(
                    field=["input", name],
                    message=f"{name} must be a Xandr id (a whole number above 0)",
                    code="INVALID",
                )
            )
    return errors


@strawberry.input(description="A new allowlist or blocklist.")
class CreateInventoryListInput:
    name: str = strawberry.field(description="The list's name.")
    type: InventoryListType = strawberry.field(
        description="Allowlist or blocklist; cannot be changed afterwards. UNKNOWN is refused."
    )
    description: str | None = strawberry.field(default=None, description="Free text.")
    advertiser_id: strawberry.ID | None = strawberry.field(
        default=None,
        description=f"The advertiser the list belongs to; null: available to all of the "
        f"member's advertisers. {XANDR_ID}.",
    )
    insertion_order_id: strawberry.ID | None = strawberry.field(
        default=None, description=f"The insertion order to create the list under. {XANDR_ID}."
    )
    line_item_id: strawberry.ID | None = strawberry.field(
        default=None, description=f"The line item that targets with the list. {XANDR_ID}."
    )
    required_for_all: bool = strawberry.field(
        default=False,
        description="Apply the list to all line items of the advertiser; default false.",
    )

    def to_wire(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "inventory_list_type": self.type.value,
            "advertiser_id": _ids(self.advertiser_id),
            "insertion_order_id": _ids(self.insertion_order_id),
            "line_item_id": _ids(self.line_item_id),
            "required_for_all": self.required_for_all,
        }


@strawberry.input(
    description="A list to change; omitted fields keep their value. At least one change must be "
    "given (null clears a field, except `name` and `requiredForAll`, where null keeps it): an "
    "update that changes nothing is refused (code NOTHING_TO_UPDATE) and not sent."
)
class UpdateInventoryListInput:
    id: strawberry.ID = strawberry.field(description="The list's global id.")
    name: str | None = strawberry.field(
        default=strawberry.UNSET, description="A new name; null keeps the name."
    )
    description: str | None = strawberry.field(
        default=strawberry.UNSET, description="New free text; null clears it."
    )
    advertiser_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET,
        description=f"A new advertiser; null makes the list available to all of the member's "
        f"advertisers. {XANDR_ID}.",
    )
    insertion_order_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description=f"A new insertion order; null clears it. {XANDR_ID}."
    )
    line_item_id: strawberry.ID | None = strawberry.field(
        default=strawberry.UNSET, description=f"A new line item; null clears it. {XANDR_ID}."
    )
    required_for_all: bool | None = strawberry.field(
        default=strawberry.UNSET,
        description="Apply to all line items of the advertiser; null keeps the value.",
    )
    type: InventoryListType | None = strawberry.field(
        default=strawberry.UNSET,
        description="Cannot change: giving it is refused (code TYPE_IMMUTABLE), never sent.",
    )

    def to_wire(self) -> dict[str, Any]:
        changes: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "required_for_all": self.required_for_all,
        }
        for name in ("advertiser_id", "insertion_order_id", "line_item_id"):
            value = getattr(self, name)
            changes[name] = value if value is strawberry.UNSET else _ids(value)
        # `name` and `requiredForAll` cannot be null upstream: null there means "keep".
        return {
            k: v
            for k, v in changes.items()
            if v is not strawberry.UNSET and not (v is None and k in ("name", "required_for_all"))
        }


@strawberry.input(description="A domain, URL or app bundle id to add to a list.")
class InventoryListItemInput:
    url: str = strawberry.field(description="A domain, URL or app bundle id.")
    include_children: bool = strawberry.field(
        default=False,
        description="Include subdomains and subpaths (domains only); default false.",
    )


@strawberry.input(description="The list to delete.")
class DeleteInventoryListInput:
    id: strawberry.ID = strawberry.field(description="The list's global id.")


@strawberry.input(description="Domains and apps to add to one list.")
class AddInventoryListItemsInput:
    inventory_list_id: strawberry.ID = strawberry.field(description="The list's global id.")
    items: list[InventoryListItemInput] = strawberry.field(
        description="What to add, at most 30,000 (Xandr's limit per list); sent 1000 at a time."
    )


@strawberry.input(description="Items to remove from one list.")
class RemoveInventoryListItemsInput:
    inventory_list_id: strawberry.ID = strawberry.field(description="The list's global id.")
    item_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the list's items to remove; sent 100 at a time."
    )


@strawberry.input(description="An item to change; `includeChildren` is all Xandr lets change.")
class UpdateInventoryListItemInput:
    id: strawberry.ID = strawberry.field(description="The item's global id.")
    include_children: bool = strawberry.field(
        description="Include subdomains and subpaths (domains only)."
    )
