"""What callers give Xandr's fields: the list filter and order, and the write inputs."""

from __future__ import annotations

from typing import Any

import strawberry

from gateway.errors import BadUserInput
from gateway.sources.xandr.client import InventoryListFilter
from schema.xandr.enums import InventoryListSortDirection, InventoryListSortField, InventoryListType
from schema.xandr.types import parse_id


@strawberry.input(description="Filters of `inventoryLists`; all given ones must match.")
class InventoryListFilterInput:
    search: str | None = strawberry.field(
        default=None, description="Lists whose domains or apps contain this text."
    )
    has_apps: bool | None = None
    has_domains: bool | None = None
    type: InventoryListType | None = None
    advertiser_id: strawberry.ID | None = None

    def to_filter(self, sort: str | None) -> InventoryListFilter:
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
class InventoryListOrder:
    field: InventoryListSortField
    direction: InventoryListSortDirection = InventoryListSortDirection.ASC


def _ids(value: Any) -> int | None:
    return parse_id(str(value)) if value is not None else None


@strawberry.input(description="A new allowlist or blocklist.")
class CreateInventoryListInput:
    name: str
    type: InventoryListType = strawberry.field(description="Cannot be changed afterwards.")
    description: str | None = None
    advertiser_id: strawberry.ID | None = strawberry.field(
        default=None, description="Null: available to all of the member's advertisers."
    )
    insertion_order_id: strawberry.ID | None = None
    line_item_id: strawberry.ID | None = None
    required_for_all: bool = False

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


@strawberry.input(description="Changes to a list; omitted fields keep their value.")
class UpdateInventoryListInput:
    name: str | None = strawberry.UNSET
    description: str | None = strawberry.UNSET
    advertiser_id: strawberry.ID | None = strawberry.UNSET
    insertion_order_id: strawberry.ID | None = strawberry.UNSET
    line_item_id: strawberry.ID | None = strawberry.UNSET
    required_for_all: bool | None = strawberry.UNSET
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
    url: str
    include_children: bool = strawberry.field(
        default=False, description="Include subdomains and subpaths (domains only)."
    )
