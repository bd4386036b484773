"""Xandr's enums: list types (legacy words read too), audit statuses and sort orders."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Whether a list admits only its members or excludes them.")
class InventoryListType(Enum):
    ALLOWLIST = "allowlist"
    BLOCKLIST = "blocklist"


# Older data may still use the legacy words (reference: Quirks); read them, never write them.
TYPE_FROM_WIRE = {
    "allowlist": InventoryListType.ALLOWLIST,
    "whitelist": InventoryListType.ALLOWLIST,
    "blocklist": InventoryListType.BLOCKLIST,
    "blacklist": InventoryListType.BLOCKLIST,
}


@strawberry.enum(description="Where Xandr's audit of an item stands.")
class InventoryAuditStatus(Enum):
    AUDITED = "audited"
    REJECTED = "rejected"
    UNAUDITED = "unaudited"
    UNAUDITABLE = "unauditable"
    PENDING = "pending"
    MASKED = "masked"
    IS_ADSERVER = "is_adserver"
    UNKNOWN = "unknown"


@strawberry.enum(description="Fields `inventoryLists` can be sorted by.")
class InventoryListSortField(Enum):
    ID = "id"
    NAME = "name"
    CREATED_ON = "created_on"
    LAST_MODIFIED = "last_modified"
    NUM_DOMAINS = "num_domains"
    NUM_APPS = "num_apps"


@strawberry.enum
class InventoryListSortDirection(Enum):
    ASC = "asc"
    DESC = "desc"
