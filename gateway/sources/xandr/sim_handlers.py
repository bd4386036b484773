"""The Xandr sandbox's `/inventory-list` and item-service handlers, after the gate let them in.

Part of the simulator: imports nothing of the gateway but the sandbox kit.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.sandbox.clock import SandboxClock
from gateway.sources.xandr.sim_http import (
    error,
    flag,
    id_list,
    json_body,
    not_found,
    ok,
    read_answer,
    sort_key,
    sorted_records,
    syntax,
    window,
)
from gateway.sources.xandr.sim_state import XandrState, normalise, wire_time

LIST_KEYS = ("inventory-lists", "inventory-list")
ITEM_KEYS = ("inventory-list-items", "inventory-list-item")
LIST_FIELDS = (
    "id", "name", "description", "inventory_list_type", "advertiser_id", "insertion_order_id",
    "line_item_id", "inventory_url_list_id", "required_for_all", "num_domains", "num_apps",
    "created_on", "last_modified",
)  # fmt: skip
WRITABLE = (
    "name", "description", "advertiser_id", "insertion_order_id", "line_item_id",
    "required_for_all",
)  # fmt: skip
TYPES = ("allowlist", "blocklist")
LEGACY_TYPES = ("whitelist", "blacklist")
ITEMS_PER_POST = 1000
DOMAINS_PER_LIST = 30_000
PAGING = frozenset({"start_element", "num_elements", "sort", "fields", "append"})


class InventoryHandlers:
    def __init__(self, state: XandrState, clock: SandboxClock) -> None:
        self.state = state
        self.clock = clock

    # -- lists ------------------------------------------------------------------------------

    async def get_lists(self, request: Request) -> Response:
        params = request.query_params
        records = [self.state.counted(r) for r in self.state.lists.values()]
        for name, raw in params.multi_items():
            if name not in PAGING:
                records = [r for r in records if self._list_matches(r, name, raw)]
        ids = id_list(params.get("id"))
        single = len(ids) == 1 and "id" in params
        if single and not records:
            raise not_found("Inventory list")
        records = sorted_records(records, *sort_key(request, LIST_FIELDS))
        start, size = window(request)
        wanted = [f for f in params.get("fields", "").split(",") if f]
        page = [
            {k: v for k, v in r.items() if not wanted or k in wanted or k == "id"}
            for r in records[start : start + size]
        ]
        return read_answer(
            page, total=len(records), start=start, size=size, keys=LIST_KEYS, single=single
        )

    async def get_list(self, request: Request) -> Response:
        record = self._list(int(request.path_params["list_id"]))
        return read_answer([record], total=1, start=0, size=1, keys=LIST_KEYS, single=True)

    def _list_matches(self, record: dict[str, Any], name: str, raw: str) -> bool:
        if name == "search":
            term = raw.lower()
            members = self.state.items.get(record["id"], {}).values()
            return any(term in (i["inventory_url"] or i["url"]).lower() for i in members)
        if name == "has_apps":
            return bool(record["num_apps"] > 0) == flag(raw)
        if name == "has_domains":
            return bool(record["num_domains"] > 0) == flag(raw)
        if name == "id":
            return bool(record["id"] in id_list(raw))
        if name[:4] in ("min_", "max_") and name[4:] in LIST_FIELDS:
            return self._within(record.get(name[4:]), raw, name.startswith("min_"))
        if name in LIST_FIELDS:
            # Any field takes a comma-separated list of values (reference: generic filters).
            return str(record.get(name)).lower() in raw.lower().split(",")
        return True

    @staticmethod
    def _within(value: Any, raw: str, is_min: bool) -> bool:
        """`min_<f>` / `max_<f>`: numbers, or dates as "YYYY-MM-DD+HH:MM:SS" (reference)."""
        if value is None:
            return False
        try:
            bound: Any = raw.replace("+", " ") if isinstance(value, str) else float(raw)
        except ValueError:
            raise syntax(f"'{raw}' is not a number") from None
        return bool(value >= bound) if is_min else bool(value <= bound)

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
        record = self._list(int(raw_id) if str(raw_id).isdigit() else -1)
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
            self._list(list_id)
        for list_id in ids:
            del self.state.lists[list_id]
            self.state.items.pop(list_id, None)
        return ok({"id": ids[0]})

    async def meta(self, request: Request) -> Response:
        fields = [
            {"name": f, "type": "int" if f.endswith("_id") else "string"} for f in LIST_FIELDS
        ]
        return ok({"meta": {"fields": fields}}, output_term="meta")

    def _list(self, list_id: int) -> dict[str, Any]:
        record = self.state.lists.get(list_id)
        if record is None:
            raise not_found("Inventory list")
        return record

    @staticmethod
    def _type(kind: Any) -> str:
        if kind in LEGACY_TYPES:
            # Terminology changed; the old words are refused (reference: Quirks, ASSUMPTION).
            raise syntax(f"inventory_list_type '{kind}' is no longer supported")
        if kind not in TYPES:
            raise syntax("inventory_list_type must be allowlist or blocklist")
        return str(kind)

    # -- items ------------------------------------------------------------------------------

    async def get_items(self, request: Request) -> Response:
        list_id = int(request.path_params["list_id"])
        self._list(list_id)
        members = sorted(self.state.items[list_id].values(), key=lambda i: i["id"])
        term = request.query_params.get("search", "").lower()
        if term:
            members = [i for i in members if term in (i["inventory_url"] or i["url"]).lower()]
        ids = id_list(request.query_params.get("id"))
        if ids:
            members = [i for i in members if i["id"] in ids]
            if len(ids) == 1 and not members:
                raise not_found("Inventory list item")
        start, size = window(request)
        return read_answer(
            members[start : start + size],
            total=len(members),
            start=start,
            size=size,
            keys=ITEM_KEYS,
            single=len(ids) == 1,
        )

    async def add_items(self, request: Request) -> Response:
        list_id = int(request.path_params["list_id"])
        record = self._list(list_id)
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
        self._list(list_id)
        ids = id_list(request.query_params.get("id"))
        if not ids:
            raise syntax("id is required")
        for item_id in ids:
            self.state.items[list_id].pop(item_id, None)
        return ok({"count": len(ids)})

    async def update_item(self, request: Request) -> Response:
        list_id = int(request.path_params["list_id"])
        self._list(list_id)
        item = self.state.items[list_id].get(int(request.path_params["item_id"]))
        if item is None:
            raise not_found("Inventory list item")
        body = await json_body(request, "inventory-list-item")
        if isinstance(body, dict) and "include_children" in body:
            # Only include_children is updatable; other fields are ignored (reference: items).
            item["include_children"] = bool(body["include_children"]) and item["app_name"] is None
        return ok({"id": item["id"], "inventory-list-item": item})

    async def validate_items(self, request: Request) -> Response:
        body = await json_body(request, *ITEM_KEYS)
        rows = body if isinstance(body, list) else [body]
        checked = [
            {"url": row.get("url"), "inventory_url": normalise(str(row.get("url") or "")),
             "is_valid": normalise(str(row.get("url") or "")) is not None}
            for row in rows
            if isinstance(row, dict)
        ]  # fmt: skip
        return ok({"inventory-list-items": checked})
