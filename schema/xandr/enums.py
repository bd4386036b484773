"""Xandr's enums: list types (legacy words read too), audit statuses and sort orders."""

from __future__ import annotations

from enum import Enum

from schema.graph.described import graph_enum


@graph_enum(
    "Whether a list admits only its members or excludes them.",
    ALLOWLIST="Only the list's domains and apps may serve (read also from `whitelist`).",
    BLOCKLIST="The list's domains and apps may not serve (read also from `blacklist`).",
    UNKNOWN="A type this gateway does not know (see `typeRaw`); never accepted as input.",
)
class InventoryListType(Enum):
    ALLOWLIST = "allowlist"
    BLOCKLIST = "blocklist"
    UNKNOWN = "unknown"


# Older data may still use the legacy words (reference: Quirks); read them, never write them.
TYPE_FROM_WIRE = {
    "allowlist": InventoryListType.ALLOWLIST,
    "whitelist": InventoryListType.ALLOWLIST,
    "blocklist": InventoryListType.BLOCKLIST,
    "blacklist": InventoryListType.BLOCKLIST,
}


@graph_enum(
    "Where Xandr's audit of an item stands.",
    AUDITED="Checked and accepted.",
    REJECTED="Checked and refused; `rejectionReason` says why.",
    UNAUDITED="Not checked, and will not be.",
    UNAUDITABLE="Cannot be checked.",
    PENDING="Waiting to be checked (Xandr's default for a new item).",
    MASKED="Hidden by Xandr.",
    IS_ADSERVER="An ad server's domain rather than a publisher's.",
    UNKNOWN="A status this gateway does not know (see `auditStatusRaw`).",
)
class InventoryAuditStatus(Enum):
    AUDITED = "audited"
    REJECTED = "rejected"
    UNAUDITED = "unaudited"
    UNAUDITABLE = "unauditable"
    PENDING = "pending"
    MASKED = "masked"
    IS_ADSERVER = "is_adserver"
    UNKNOWN = "unknown"


@graph_enum(
    "Fields `inventoryLists` can be sorted by.",
    ID="The list's Xandr API id (`upstreamId`).",
    NAME="The list's name.",
    CREATED_AT="When the list was created.",
    UPDATED_AT="When the list last changed.",
    DOMAIN_COUNT="How many domains the list holds.",
    APP_COUNT="How many apps the list holds.",
)
class InventoryListOrderField(Enum):
    ID = "id"
    NAME = "name"
    CREATED_AT = "created_on"
    UPDATED_AT = "last_modified"
    DOMAIN_COUNT = "num_domains"
    APP_COUNT = "num_apps"
