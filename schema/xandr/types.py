"""Inventory lists (Xandr): allowlists and blocklists of domains and apps, and their items."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Self, TypeVar

import strawberry
from strawberry import relay

from gateway.context import Info
from gateway.sources.xandr.client import PAGE_CAP, Page, XandrClient
from gateway.sources.xandr.loaders import (
    InventoryListByIdLoader,
    InventoryListItemByKeyLoader,
)
from gateway.sources.xandr.payloads import InventoryListItemPayload, InventoryListPayload
from schema.graph.limits.cost import Site, ceil_div, cost
from schema.graph.pagination import FIRST_20, After, check_first, connection, decode_cursor
from schema.graph.selection import asks_only
from schema.xandr.enums import TYPE_FROM_WIRE, InventoryAuditStatus, InventoryListType

PayloadT = TypeVar("PayloadT")


def parse_id(raw: str) -> int | None:
    """Xandr ids are positive integers; anything else cannot name a list, so it finds nothing."""
    text = str(raw).strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text) or None


def _item_pages(site: Site) -> int:
    """Each list's items are read in windows of 100 (Xandr's cap), one call each."""
    return site.objects * ceil_div(site.arg("first", 20), PAGE_CAP)


@strawberry.type(description="A domain or app of an inventory list, in Xandr.")
class InventoryListItem(relay.Node):
    key: relay.NodeID[str]
    url: str = strawberry.field(description="As submitted: a domain, URL or app bundle id.")
    inventory_url: str | None = strawberry.field(
        description="The url as Xandr normalised it after validation; null until then."
    )
    include_children: bool = strawberry.field(
        description="Whether subdomains and subpaths are included (domains only)."
    )
    app_name: str | None = strawberry.field(description="The app's name; null for domains.")
    is_supported: bool = strawberry.field(
        description="Whether Xandr can target this domain or app."
    )
    audit_status: InventoryAuditStatus = strawberry.field(
        description="Where Xandr's audit of the item stands; UNKNOWN for a status this gateway "
        "does not know (see `auditStatusRaw`)."
    )
    audit_status_raw: str = strawberry.field(
        description="The audit status exactly as Xandr spells it."
    )
    rejection_reason: str | None = strawberry.field(
        description="Why the audit refused the item; null unless REJECTED."
    )
    item_id: strawberry.Private[int]
    list_id: strawberry.Private[int]

    @strawberry.field(description="The item's id in Xandr.")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(str(self.item_id))

    @classmethod
    def from_payload(cls, list_id: int, payload: InventoryListItemPayload) -> Self:
        status = payload.audit_status
        return cls(
            key=f"{list_id}:{payload.id}",
            url=payload.url,
            inventory_url=payload.inventory_url,
            include_children=payload.include_children,
            app_name=payload.app_name,
            is_supported=payload.is_supported,
            audit_status=next(
                (s for s in InventoryAuditStatus if s.value == status),
                InventoryAuditStatus.UNKNOWN,
            ),
            audit_status_raw=status,
            rejection_reason=payload.rejection_reason,
            item_id=payload.id,
            list_id=list_id,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        keys = [item_key(k) for k in node_ids]
        wanted = [k for k in keys if k is not None]
        found = await info.context.loader(InventoryListItemByKeyLoader).load_many(wanted)
        by_key = dict(zip(wanted, found, strict=True))
        return [
            cls.from_payload(k[0], p) if k is not None and (p := by_key.get(k)) else None
            for k in keys
        ]


def item_key(key: str) -> tuple[int, int] | None:
    """Item node keys are "<list id>:<item id>"; anything else names no item."""
    list_id, _, item_id = key.partition(":")
    if not (list_id.isascii() and list_id.isdigit() and item_id.isascii() and item_id.isdigit()):
        return None
    return int(list_id), int(item_id)


@strawberry.type(description="A page of an inventory list's items.")
class InventoryListItemConnection(relay.Connection[InventoryListItem]):
    total_count: int = strawberry.field(description="How many items match (Xandr's `count`).")


@strawberry.type(description="A named allowlist or blocklist of domains and apps, in Xandr.")
class InventoryList(relay.Node):
    key: relay.NodeID[str]
    name: str = strawberry.field(description="The list's name.")
    description: str | None = strawberry.field(description="Free text; null when none was set.")
    type: InventoryListType = strawberry.field(
        description="Allowlist or blocklist; UNKNOWN only when Xandr sends a type this "
        "gateway does not know (see `typeRaw`). Cannot change after creation."
    )
    type_raw: str = strawberry.field(description="The type exactly as Xandr spells it.")
    advertiser_id: strawberry.ID | None = strawberry.field(
        description="The Xandr advertiser the list belongs to; null: available to all of the "
        "member's advertisers."
    )
    insertion_order_id: strawberry.ID | None = strawberry.field(
        description="The Xandr insertion order the list was created under, if any."
    )
    line_item_id: strawberry.ID | None = strawberry.field(
        description="The Xandr line item that targets with the list, if any."
    )
    ui_id: strawberry.ID | None = strawberry.field(
        description="The id Xandr's UI shows (`inventory_url_list_id`); differs from upstreamId."
    )
    required_for_all: bool = strawberry.field(
        description="Whether the list applies to all line items of the advertiser."
    )
    domain_count: int = strawberry.field(description="How many domains the list holds.")
    app_count: int = strawberry.field(description="How many apps the list holds.")
    created_at: dt.datetime | None = strawberry.field(
        description="When the list was created (UTC); null when Xandr does not say."
    )
    updated_at: dt.datetime | None = strawberry.field(
        description="When the list last changed (UTC); null when Xandr does not say."
    )

    @strawberry.field(description="The list's API id in Xandr (the one edits need).")
    def upstream_id(self) -> strawberry.ID:
        return strawberry.ID(self.key)

    @strawberry.field(
        metadata=cost(_item_pages, items=lambda site: site.arg("first", 20), fans_out=True),
        description="The list's domains and apps, in Xandr's order.",
    )
    async def items(
        self,
        info: Info,
        first: Annotated[int, strawberry.argument(description=FIRST_20)] = 20,
        after: After = None,
        search: Annotated[
            str | None,
            strawberry.argument(description="Only items whose url contains this text."),
        ] = None,
    ) -> InventoryListItemConnection | None:
        client = info.context.clients.get(XandrClient)
        list_id = int(self.key)
        scope = f"inventoryListItems:{list_id}"
        offset, limit = decode_cursor(scope, after), check_first(first)
        if search is None and asks_only(info, ("totalCount", "__typename")):
            # The list's own counts are its items' count: no call per list (a page of work
            # items with `items { totalCount }` would otherwise cost one per list).
            total = self.domain_count + self.app_count
            return connection(
                InventoryListItemConnection,
                scope,
                [],
                offset=offset,
                has_next_page=offset + limit < total,
                total_count=total,
            )

        async def page(start: int, size: int) -> Page[InventoryListItemPayload]:
            return await client.list_items(list_id, search=search, start=start, size=size)

        total, records = await read_window(page, offset, limit)
        return connection(
            InventoryListItemConnection,
            scope,
            [InventoryListItem.from_payload(list_id, p) for p in records],
            offset=offset,
            has_next_page=offset + len(records) < total,
            total_count=total,
        )

    @classmethod
    def from_payload(cls, p: InventoryListPayload) -> Self:
        return cls(
            key=str(p.id),
            name=p.name,
            description=p.description,
            type=TYPE_FROM_WIRE.get(p.inventory_list_type.lower(), InventoryListType.UNKNOWN),
            type_raw=p.inventory_list_type,
            advertiser_id=_id(p.advertiser_id),
            insertion_order_id=_id(p.insertion_order_id),
            line_item_id=_id(p.line_item_id),
            ui_id=_id(p.inventory_url_list_id),
            required_for_all=p.required_for_all,
            domain_count=p.num_domains,
            app_count=p.num_apps,
            created_at=p.created_on,
            updated_at=p.last_modified,
        )

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Self | None]:
        payloads = await load_list_payloads(info, list(node_ids))
        return [cls.from_payload(p) if p is not None else None for p in payloads]


@strawberry.type(description="A page of inventory lists.")
class InventoryListConnection(relay.Connection[InventoryList]):
    total_count: int = strawberry.field(description="How many lists match (Xandr's `count`).")


def _id(value: int | None) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


async def load_list_payloads(info: Info, raw_ids: list[str]) -> list[InventoryListPayload | None]:
    """Lists by API id through the batching loader; malformed or unknown ids are None."""
    ids = [parse_id(raw) for raw in raw_ids]
    wanted = [i for i in ids if i is not None]
    found = await info.context.loader(InventoryListByIdLoader).load_many(wanted)
    by_id = dict(zip(wanted, found, strict=True))
    return [by_id.get(i) if i is not None else None for i in ids]


async def load_lists(info: Info, raw_ids: list[str]) -> list[InventoryList | None]:
    return [
        InventoryList.from_payload(p) if p is not None else None
        for p in await load_list_payloads(info, raw_ids)
    ]


async def read_window(
    fetch: Callable[[int, int], Awaitable[Page[PayloadT]]], offset: int, limit: int
) -> tuple[int, list[PayloadT]]:
    """Items [offset, offset+limit) in windows of at most 100, Xandr's silent cap."""
    starts = range(offset, offset + limit, PAGE_CAP)
    pages = await asyncio.gather(*(fetch(s, min(PAGE_CAP, offset + limit - s)) for s in starts))
    records = [r for page in pages for r in page.records]
    return pages[-1].count, records[:limit]
