"""Xandr's writes: lists (create, update, delete) and their items (add, update, remove).

Part of the simulator (reference: shared/upstreams/xandr-inventory-lists.md).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.sandbox.clock import SandboxClock
from gateway.sources.xandr.simulator.responses import error, not_found, ok, syntax
from gateway.sources.xandr.simulator.routes import (
    ITEM_KEYS,
    LIST_FIELDS,
    find_list,
    id_list,
    json_body,
)
from gateway.sources.xandr.simulator.state import XandrState, normalise, wire_time

WRITABLE = (
    "name", "description", "advertiser_id", "insertion_order_id", "line_item_id",
    "required_for_all",
)  # fmt: skip
TYPES = ("allowlist", "blocklist")
LEGACY_TYPES = ("whitelist", "blacklist")
ITEMS_PER_POST = 1000
DOMAINS_PER_LIST = 30_000


class Writes:
    """The write endpoints; a refused write changes nothing."""

    def __init__(self, state: XandrState, clock: SandboxClock) -> None:
        self.state = state
        self.clock = clock

    async def create_list(self, request: Request) -> Response:
        body = await json_body(request, "inventory-list")
        if not isinstance(body, dict) or not str(body.get("name") or "").strip():
            raise syntax("name is required")
        kind = self._type(body.get("inventory_list_type"))
        now = wire_time(self.clock.now())
        state = self.state
        record: dict[str, Any] = {f: None for f in LIST_FIELDS} | {"required_for_all": False}
        record |= {k: body[k] for k in WRITABLE if k in body}
        record |= {
            "id": state.next_list_id,
            "inventory_list_type": kind,
            "inventory_url_list_id": state.next_ui_id,
            "created_on": now,
            "last_modified": now,
        }
        state.next_list_id += 1
        state.next_ui_id += 7
        state.lists[record["id"]] = record
        state.items[record["id"]] = {}
        return ok({"id": record["id"], "inventory-list": state.counted(record)})

    async def update_list(self, request: Request) -> Response:
        raw_id = request.path_params.get("list_id") or request.query_params.get("id", "")
        numeric = str(raw_id).isascii() and str(raw_id).isdigit()
        record = find_list(self.state, int(raw_id) if numeric else -1)
        body = await json_body(request, "inventory-list")
        if not isinstance(body, dict):
            raise syntax("inventory-list must be an object")
        kind = body.get("inventory_list_type")
        # The type is immutable; the same value is ignored (reference: Update, ASSUMPTION).
        if kind is not None and self._type(kind) != record["inventory_list_type"]:
            raise syntax("inventory_list_type cannot be changed")
        if "name" in body and not str(body["name"] or "").strip():
            raise syntax("name cannot be empty")
        record |= {k: body[k] for k in WRITABLE if k in body}
        record["last_modified"] = wire_time(self.clock.now())
        return ok({"id": record["id"], "inventory-list": self.state.counted(record)})

    async def delete_list(self, request: Request) -> Response:
        ids = id_list(request.query_params.get("id"))
        if not ids:
            raise syntax("id is required")
        for list_id in ids:
            find_list(self.state, list_id)
        for list_id in ids:
            del self.state.lists[list_id]
            self.state.items.pop(list_id, None)
        return ok({"id": ids[0]})

    @staticmethod
    def _type(kind: Any) -> str:
        if kind in LEGACY_TYPES:
            # Terminology changed; the old words are refused (reference: Quirks, ASSUMPTION).
            raise syntax(f"inventory_list_type '{kind}' is no longer supported")
        if kind not in TYPES:
            raise syntax("inventory_list_type must be allowlist or blocklist")
        return str(kind)

    async def add_items(self, request: Request) -> Response:
        list_id = int(request.path_params["list_id"])
        record = find_list(self.state, list_id)
        body = await json_body(request, *ITEM_KEYS)
        rows = body if isinstance(body, list) else [body]
        if len(rows) > ITEMS_PER_POST:
            raise syntax(f"at most {ITEMS_PER_POST} items per request")
        new = [self._new_item(row) for row in rows]
        counted = self.state.counted(record)
        domains = sum(1 for i in new if i["app_name"] is None)
        if counted["num_domains"] + domains > DOMAINS_PER_LIST:
            return error("LIMIT", f"a list holds at most {DOMAINS_PER_LIST} domains")
        # All or nothing: one invalid url refuses the whole request before anything is added.
        for item in new:
            self.state.items[list_id][item["id"]] = item
        record["last_modified"] = wire_time(self.clock.now())
        return ok({"count": len(new), "inventory-list-items": new})

    def _new_item(self, row: Any) -> dict[str, Any]:
        url = row.get("url") if isinstance(row, dict) else None
        normal = normalise(url) if isinstance(url, str) else None
        if normal is None:
            raise syntax(f"invalid url: {url!r}")
        assert isinstance(url, str)
        return self.state.new_item(url, bool(row.get("include_children")), normal)

    async def remove_items(self, request: Request) -> Response:
        list_id = int(request.path_params["list_id"])
        find_list(self.state, list_id)
        ids = id_list(request.query_params.get("id"))
        if not ids:
            raise syntax("id is required")
        for item_id in ids:
            self.state.items[list_id].pop(item_id, None)
        return ok({"count": len(ids)})

    async def update_item(self, request: Request) -> Response:
        list_id = int(request.path_params["list_id"])
        find_list(self.state, list_id)
        item = self.state.items[list_id].get(int(request.path_params["item_id"]))
        if item is None:
            raise not_found("Inventory list item")
        body = await json_body(request, "inventory-list-item")
        if isinstance(body, dict) and "include_children" in body:
            # Only include_children is updatable; other fields are ignored (reference: items).
            item["include_children"] = bool(body["include_children"]) and item["app_name"] is None
        return ok({"id": item["id"], "inventory-list-item": item})
