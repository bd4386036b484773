"""Shared bits of the Interchange tests: the sandbox's own switches and its paths."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, gid

ITEMS = "/api/v2/storefront/inventory-sources"
SOURCES = ["retail-modular", "ctv-modular", "audio-modular"]
ALL_STATUSES = ["OPEN", "IN_PROGRESS", "BLOCKED", "COMPLETED", "CANCELLED"]


async def sandbox_mode(gw: Gateway, **mode: Any) -> None:
    """Flip a switch of the Interchange simulator (envelope, rate limit, terms accepted)."""
    response = await gw.http.put("/sandbox/interchange/_sandbox/mode", json=mode)
    assert response.status_code == 200, response.text


def source_prefix(source_id: str) -> str:
    return f"{ITEMS}/{source_id}"


def work_item_id(source_id: str, item_id: str) -> str:
    """A work item's global id: its key is the inventory source and the item's own id."""
    return gid("WorkItem", f"{source_id}|{item_id}")
