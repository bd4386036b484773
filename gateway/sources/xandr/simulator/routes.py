"""Xandr's reads: lists with their generic filters, sorting and windows; items; validation.

Also the request parsing writes share (ids, bodies). Part of the simulator (reference:
shared/upstreams/xandr-inventory-lists.md).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.sources.xandr.simulator.responses import not_found, ok, read_answer, syntax
from gateway.sources.xandr.simulator.state import XandrState, normalise

PAGE_CAP = 100
LIST_KEYS = ("inventory-lists", "inventory-list")
ITEM_KEYS = ("inventory-list-items", "inventory-list-item")
LIST_FIELDS = (
    "id", "name", "description", "inventory_list_type", "advertiser_id", "insertion_order_id",
    "line_item_id", "inventory_url_list_id", "required_for_all", "num_domains", "num_apps",
    "created_on", "last_modified",
)  # fmt: skip
PAGING = frozenset({"start_element", "num_elements", "sort", "fields", "append"})


async def json_body(request: Request, *keys: str) -> Any:
    """The object under the first of `keys` (writes wrap it in the resource key)."""
    try:
        body = await request.json()
    except ValueError:
        raise syntax("request body is not JSON") from None
    for key in keys:
        if isinstance(body, dict) and key in body:
            return body[key]
    raise syntax(f"request body must be wrapped in '{keys[0]}'")


def id_list(raw: str | None) -> list[int]:
    """Comma-separated ids; more than 100 are dropped silently (reference: Batch lookup)."""
    if not raw:
        return []
    try:
        return [int(part) for part in raw.split(",") if part.strip()][:PAGE_CAP]
    except ValueError:
        raise syntax("ids must be integers") from None


def window(request: Request) -> tuple[int, int]:
    """`start_element` and `num_elements`, the latter capped at 100 without an error."""
    try:
        start = int(request.query_params.get("start_element", "0"))
        size = int(request.query_params.get("num_elements", str(PAGE_CAP)))
    except ValueError:
        raise syntax("start_element and num_elements must be integers") from None
    if start < 0 or size < 0:
        raise syntax("start_element and num_elements must not be negative")
    return start, min(size, PAGE_CAP)


def flag(raw: str) -> bool:
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise syntax(f"'{raw}' is not a boolean")


def sort_key(request: Request, fields: tuple[str, ...]) -> tuple[str, bool]:
    """`sort=<field>.asc|desc`; ascending id unless given (reference: Pagination, ASSUMPTION)."""
    raw = request.query_params.get("sort", "id.asc")
    name, _, direction = raw.partition(".")
    if name not in fields or direction not in ("", "asc", "desc"):
        raise syntax(f"cannot sort by '{raw}'")
    return name, direction == "desc"


def sorted_records(
    records: list[dict[str, Any]], name: str, descending: bool
) -> list[dict[str, Any]]:
    # Xandr documents no order among equal values (reference: Pagination): ties come in the
    # order a database index scan gives them, ascending id ascending and descending descending.
    by_id = sorted(records, key=lambda r: r["id"], reverse=descending)
    # Nulls sort first ascending.
    return sorted(
        by_id,
        key=lambda r: (r.get(name) is not None, r[name] if r.get(name) is not None else 0),
        reverse=descending,
    )


def find_list(state: XandrState, list_id: int) -> dict[str, Any]:
    record = state.lists.get(list_id)
    if record is None:
        raise not_found("Inventory list")
    return record


class Reads:
    """The read endpoints (the gate counts `validate-inventory-item` as a read, too)."""

    def __init__(self, state: XandrState) -> None:
        self.state = state

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
        record = find_list(self.state, int(request.path_params["list_id"]))
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

    async def meta(self, request: Request) -> Response:
        fields = [
            {"name": f, "type": "int" if f.endswith("_id") else "string"} for f in LIST_FIELDS
        ]
        return ok({"meta": {"fields": fields}}, output_term="meta")

    async def get_items(self, request: Request) -> Response:
        list_id = int(request.path_params["list_id"])
        find_list(self.state, list_id)
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
