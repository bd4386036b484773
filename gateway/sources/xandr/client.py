"""The Xandr inventory-list client: lists and their items, through one shared session token."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import httpx

from gateway.errors import GatewayError, NotFound
from gateway.http import UpstreamHTTP
from gateway.http.routes import route
from gateway.sources.xandr.errors import decode_error
from gateway.sources.xandr.payloads import (
    ITEM_KEYS,
    LIST_KEYS,
    InventoryListItemPayload,
    InventoryListPayload,
    ResponsePayload,
)
from gateway.sources.xandr.session import SOURCE, session_auth
from gateway.sources.xandr.settings import XandrSettings
from gateway.state import StateStore

LISTS = "/inventory-list"
# Route templates (gateway.http.routes): traces name the route, not the list's or item's id.
LIST = LISTS + "/{list_id}"
ITEMS = LIST + "/item"
ITEM = ITEMS + "/{item_id}"
# Pages and id lists over 100 are silently truncated (reference: Pagination, Batch lookup).
PAGE_CAP = 100
T = TypeVar("T")
# The item service takes at most 1000 items per POST (reference: Inventory List Item service).
ITEM_CHUNK = 1000


@dataclass(frozen=True)
class InventoryListFilter:
    """The list filters the reference documents; None means not filtered."""

    search: str | None = None
    has_apps: bool | None = None
    has_domains: bool | None = None
    inventory_list_type: str | None = None
    advertiser_ids: Sequence[int] = ()
    sort: str | None = None

    def params(self) -> dict[str, str]:
        pairs: dict[str, str | None] = {
            "search": self.search,
            "has_apps": _flag(self.has_apps),
            "has_domains": _flag(self.has_domains),
            "inventory_list_type": self.inventory_list_type,
            "advertiser_id": ",".join(str(a) for a in self.advertiser_ids),
            "sort": self.sort,
        }
        return {k: v for k, v in pairs.items() if v}


def _flag(value: bool | None) -> str | None:
    return None if value is None else str(value).lower()


@dataclass(frozen=True)
class Page(Generic[T]):
    """One `start_element` window and the `count` of everything that matched."""

    count: int
    records: list[T]


@dataclass
class AddItemsResult:
    """Which items went in: chunks are sent in order and the first refusal stops the rest."""

    added: list[InventoryListItemPayload] = field(default_factory=list)
    # Index (in the request) of the first item not added, with the refusal; None when all went.
    failed_from: int | None = None
    error: GatewayError | None = None


@dataclass
class RemoveItemsResult:
    """Which items went, which the list did not hold, and the refusal that stopped the rest."""

    removed: list[int] = field(default_factory=list)
    absent: list[int] = field(default_factory=list)
    error: GatewayError | None = None


class XandrClient:
    """Typed calls to `/inventory-list` and its item service; returns payload models."""

    def __init__(self, http: UpstreamHTTP, settings: XandrSettings) -> None:
        self.http = http
        self.settings = settings

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _call(self, method: str, path: str, **kwargs: Any) -> ResponsePayload:
        response = await self.http.request(method, path, **kwargs)
        return self.http.parse_response(ResponsePayload, response)

    async def probe(self) -> None:
        """Readiness: one inventory list (the session token is reused, never a new login)."""
        await self._call("GET", LISTS, params={"start_element": "0", "num_elements": "1"})

    # -- lists ------------------------------------------------------------------------------

    async def list_inventory_lists(
        self, filter: InventoryListFilter, *, start: int, size: int
    ) -> Page[InventoryListPayload]:
        params = filter.params() | {
            "start_element": str(start),
            "num_elements": str(min(size, PAGE_CAP)),
        }
        envelope = (await self._call("GET", LISTS, params=params)).response
        records = self._lists(envelope.records(LIST_KEYS))
        return Page(
            count=envelope.count if envelope.count is not None else len(records), records=records
        )

    async def get_inventory_lists(self, ids: Sequence[int]) -> list[InventoryListPayload]:
        """Batch lookup through `?id=1,2,3`; unknown ids are simply absent."""
        return await self._lookup("id", ids)

    async def get_inventory_lists_by_ui_ids(
        self, ui_ids: Sequence[int]
    ) -> list[InventoryListPayload]:
        """Resolves the UI's `inventory_url_list_id` (reference: Quirks, two ids per list)."""
        return await self._lookup("inventory_url_list_id", ui_ids)

    async def _lookup(self, name: str, values: Sequence[int]) -> list[InventoryListPayload]:
        chunks = [values[i : i + PAGE_CAP] for i in range(0, len(values), PAGE_CAP)]
        found = await asyncio.gather(*(self._lookup_chunk(name, c) for c in chunks))
        return [record for chunk in found for record in chunk]

    async def _lookup_chunk(self, name: str, values: Sequence[int]) -> list[InventoryListPayload]:
        params = {name: ",".join(str(v) for v in values), "num_elements": str(PAGE_CAP)}
        try:
            envelope = (
                await self._call("GET", LISTS, params=params, batch_size=len(values))
            ).response
        except NotFound:
            # A single unknown id is a 404 rather than an empty list (reference: Errors).
            return []
        return self._lists(envelope.records(LIST_KEYS))

    def _lists(self, raw: list[Any]) -> list[InventoryListPayload]:
        parsed: list[InventoryListPayload] = self.http.parse_as(list[InventoryListPayload], raw)
        return parsed

    async def create_inventory_list(self, fields: Mapping[str, Any]) -> InventoryListPayload:
        envelope = (await self._call("POST", LISTS, json={"inventory-list": dict(fields)})).response
        return self._one_list(envelope.records(LIST_KEYS))

    async def update_inventory_list(
        self, list_id: int, fields: Mapping[str, Any]
    ) -> InventoryListPayload:
        # The type is immutable; sending it, even unchanged, is never needed (reference: Update).
        body = {k: v for k, v in fields.items() if k != "inventory_list_type"}
        envelope = (
            await self._call("PUT", route(LIST, list_id=list_id), json={"inventory-list": body})
        ).response
        return self._one_list(envelope.records(LIST_KEYS))

    async def delete_inventory_list(self, list_id: int) -> None:
        await self._call("DELETE", LISTS, params={"id": str(list_id)})

    def _one_list(self, raw: list[Any]) -> InventoryListPayload:
        records = self._lists(raw)
        if not records:
            raise NotFound(f"{SOURCE} answered without the inventory list", source=SOURCE)
        return records[0]

    # -- items ------------------------------------------------------------------------------

    async def list_items(
        self, list_id: int, *, search: str | None, start: int, size: int
    ) -> Page[InventoryListItemPayload]:
        params = {"start_element": str(start), "num_elements": str(min(size, PAGE_CAP))}
        if search:
            params["search"] = search
        envelope = (await self._call("GET", route(ITEMS, list_id=list_id), params=params)).response
        records = self._items(envelope.records(ITEM_KEYS))
        return Page(
            count=envelope.count if envelope.count is not None else len(records), records=records
        )

    async def get_items(
        self, list_id: int, item_ids: Sequence[int]
    ) -> list[InventoryListItemPayload]:
        out: list[InventoryListItemPayload] = []
        for i in range(0, len(item_ids), PAGE_CAP):
            chunk = item_ids[i : i + PAGE_CAP]
            params = {"id": ",".join(str(v) for v in chunk), "num_elements": str(PAGE_CAP)}
            try:
                envelope = (
                    await self._call("GET", route(ITEMS, list_id=list_id), params=params)
                ).response
            except NotFound:
                continue
            out.extend(self._items(envelope.records(ITEM_KEYS)))
        return out

    async def add_items(self, list_id: int, items: Sequence[Mapping[str, Any]]) -> AddItemsResult:
        """Sends items 1000 at a time, in order; stops at the first chunk Xandr refuses."""
        result = AddItemsResult()
        for start in range(0, len(items), ITEM_CHUNK):
            chunk = [dict(item) for item in items[start : start + ITEM_CHUNK]]
            try:
                envelope = (
                    await self._call(
                        "POST",
                        route(ITEMS, list_id=list_id),
                        json={"inventory-list-items": chunk},
                        batch_size=len(chunk),
                    )
                ).response
            except GatewayError as exc:
                result.failed_from, result.error = start, exc
                break
            result.added.extend(self._items(envelope.records(ITEM_KEYS)))
        return result

    async def remove_items(self, list_id: int, item_ids: Sequence[int]) -> RemoveItemsResult:
        """Removes the ids the list holds; says which it did not hold and what stopped the rest.

        Xandr's DELETE answers only a count (of the ids asked for, held or not), so the ids are
        looked up first: only held ones are sent, and only sent ones are reported removed.
        """
        # An id given twice is looked up, sent and reported once.
        unique = list(dict.fromkeys(item_ids))
        held = {item.id for item in await self.get_items(list_id, unique)}
        result = RemoveItemsResult(absent=[i for i in unique if i not in held])
        wanted = [i for i in unique if i in held]
        # Id lists over 100 would be silently truncated, so removals go 100 at a time.
        for i in range(0, len(wanted), PAGE_CAP):
            chunk = wanted[i : i + PAGE_CAP]
            try:
                await self._call(
                    "DELETE",
                    route(ITEMS, list_id=list_id),
                    params={"id": ",".join(str(v) for v in chunk)},
                    batch_size=len(chunk),
                )
            except GatewayError as exc:
                result.error = exc
                break
            result.removed.extend(chunk)
        return result

    async def update_item(
        self, list_id: int, item_id: int, *, include_children: bool
    ) -> InventoryListItemPayload:
        # Only `include_children` is updatable (reference: Inventory List Item service).
        body = {"inventory-list-item": {"id": item_id, "include_children": include_children}}
        envelope = (
            await self._call("PUT", route(ITEM, list_id=list_id, item_id=item_id), json=body)
        ).response
        records = self._items(envelope.records(ITEM_KEYS))
        if not records:
            raise NotFound(f"{SOURCE} answered without the item", source=SOURCE)
        return records[0]

    def _items(self, raw: list[Any]) -> list[InventoryListItemPayload]:
        parsed: list[InventoryListItemPayload] = self.http.parse_as(
            list[InventoryListItemPayload], raw
        )
        return parsed


def open_client(
    settings: XandrSettings,
    transport: httpx.AsyncBaseTransport | None,
    store: StateStore | None = None,
) -> XandrClient:
    http = UpstreamHTTP(
        SOURCE,
        settings,
        transport=transport,
        decode_error=decode_error,
        headers={"Accept": "application/json"},
    )
    http.auth = session_auth(http, settings, store)
    return XandrClient(http, settings)
