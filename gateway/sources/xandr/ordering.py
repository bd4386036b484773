"""Inventory lists sorted by a field, with ties in ascending id as the graph promises.

Xandr takes one `sort=<field>.asc|desc` and documents no order among equal values (reference:
Pagination), so a run of equal values may come back in any order, and a page edge may cut it
anywhere. The window asked for is therefore read with the whole runs of equal values that cross
its edges (up to `MAX_RUN_SCAN` lists beyond each edge), each run sorted by id, and then cut.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Hashable, Sequence
from itertools import groupby

from gateway.sources.xandr.client import PAGE_CAP, Page
from gateway.sources.xandr.payloads import InventoryListPayload

logger = logging.getLogger(__name__)

Fetch = Callable[[int, int], Awaitable[Page[InventoryListPayload]]]
# How far beyond a window's edge a run of equal values is followed (Xandr pages hold 100).
MAX_RUN_SCAN = 1000


async def read_range(fetch: Fetch, start: int, end: int) -> tuple[int, list[InventoryListPayload]]:
    """Lists [start, end) in pages of at most 100 (Xandr's silent cap), read together."""
    if end <= start:
        page = await fetch(start, 1)
        return page.count, []
    starts = range(start, end, PAGE_CAP)
    pages = await asyncio.gather(*(fetch(s, min(PAGE_CAP, end - s)) for s in starts))
    return pages[-1].count, [r for page in pages for r in page.records][: end - start]


def _key(record: InventoryListPayload, field: str) -> Hashable:
    value: Hashable = getattr(record, field, None)
    return value


async def read_sorted_window(
    fetch: Fetch, field: str, offset: int, limit: int
) -> tuple[int, list[InventoryListPayload]]:
    """Lists [offset, offset+limit) in Xandr's order by `field`, ties by ascending id."""
    start, end = max(0, offset - 1), offset + limit + 1
    total, records = await read_range(fetch, start, end)
    if offset - start >= len(records):
        return total, []
    # Back from the window's first list, while everything read before it is of its run.
    while start > 0 and offset - start < MAX_RUN_SCAN and _leads(records, offset - start, field):
        step = min(PAGE_CAP, start)
        _, before = await read_range(fetch, start - step, start)
        start, records = start - step, before + records
    # On from its last list, while everything read after it is of its run.
    last = min(offset + limit, start + len(records)) - 1 - start
    while start + len(records) < total and _one_run(records[last:], field):
        if start + len(records) - (offset + limit) >= MAX_RUN_SCAN:
            logger.info("xandr: a run of equal %s is longer than %d lists", field, MAX_RUN_SCAN)
            break
        _, after = await read_range(fetch, start + len(records), start + len(records) + PAGE_CAP)
        if not after:
            break
        records += after
    ordered = [
        r
        for _, run in groupby(records, key=lambda r: _key(r, field))
        for r in sorted(run, key=lambda r: r.id)
    ]
    return total, ordered[offset - start : offset - start + limit]


def _leads(records: Sequence[InventoryListPayload], index: int, field: str) -> bool:
    """Whether every list read before `index` is of the same run as the one at it."""
    return _one_run(records[: index + 1], field)


def _one_run(records: Sequence[InventoryListPayload], field: str) -> bool:
    """Whether these lists all hold the same value of `field` (a run that may go on)."""
    return len({_key(r, field) for r in records}) <= 1
