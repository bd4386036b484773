"""Xandr's JSON, exactly as the wire has it (reference: shared/upstreams/xandr-inventory-lists.md).

Every model ignores unknown fields (Xandr adds fields without notice) and parses ids and counts
leniently, since older services send numbers as strings (reference: Quirks).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

LIST_KEYS = ("inventory-lists", "inventory-list")
ITEM_KEYS = ("inventory-list-items", "inventory-list-item")


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


def utc_timestamp(value: object) -> object:
    """Wire timestamps are "YYYY-MM-DD HH:MM:SS" in UTC with no zone; make them aware."""
    if isinstance(value, str) and value:
        parsed = datetime.fromisoformat(value.replace(" ", "T", 1))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return value or None


class InventoryListPayload(_Wire):
    id: int
    name: str
    description: str | None = None
    # `allowlist` | `blocklist`; older data may still say whitelist/blacklist.
    inventory_list_type: str
    advertiser_id: int | None = None
    insertion_order_id: int | None = None
    line_item_id: int | None = None
    inventory_url_list_id: int | None = None
    required_for_all: bool = False
    num_domains: int = 0
    num_apps: int = 0
    created_on: datetime | None = None
    last_modified: datetime | None = None

    _times = field_validator("created_on", "last_modified", mode="before")(utc_timestamp)


class InventoryListItemPayload(_Wire):
    id: int
    url: str
    inventory_url: str | None = None
    include_children: bool = False
    app_name: str | None = None
    is_supported: bool = True
    audit_status: str = "pending"
    rejection_reason: str | None = None


class EnvelopePayload(_Wire):
    """The `response` object of every answer; the data key is read by `records`."""

    model_config = ConfigDict(extra="allow")

    status: str | None = None
    id: int | None = None
    count: int | None = None
    start_element: int | None = None
    num_elements: int | None = None
    error_id: str | None = None
    error: str | None = None
    error_description: str | None = None
    error_code: str | None = None
    token: str | None = None

    def records(self, keys: tuple[str, ...]) -> list[Any]:
        """The data under the plural or singular key, as a list whichever shape it has."""
        extra = self.model_extra or {}
        for key in keys:
            value = extra.get(key)
            if isinstance(value, list):
                return value
            if isinstance(value, dict):
                return [value]
        return []


class ResponsePayload(_Wire):
    response: EnvelopePayload
