"""Windows of lists sorted by a field keep ascending id among ties, at any page edge."""

from __future__ import annotations

import random

import pytest

from gateway.sources.xandr.client import Page
from gateway.sources.xandr.ordering import read_sorted_window
from gateway.sources.xandr.payloads import InventoryListPayload


def lists(count: int) -> list[InventoryListPayload]:
    rng = random.Random(7)
    made = [
        InventoryListPayload(
            id=1000 + n,
            name=f"l{n}",
            inventory_list_type="allowlist",
            num_apps=rng.choice([0, 0, 0, 1, 2]),
        )
        for n in range(count)
    ]
    # Xandr's order: by num_apps descending, ties in an order of its own (here: shuffled).
    rng.shuffle(made)
    return sorted(made, key=lambda r: -r.num_apps)


@pytest.mark.parametrize(("offset", "limit"), [(0, 7), (95, 10), (150, 60), (230, 100), (299, 5)])
async def test_any_window_is_the_slice_of_the_order_with_ties_by_id(
    offset: int, limit: int
) -> None:
    upstream = lists(300)

    async def fetch(start: int, size: int) -> Page[InventoryListPayload]:
        assert size <= 100
        return Page(count=len(upstream), records=upstream[start : start + size])

    total, window = await read_sorted_window(fetch, "num_apps", offset, limit)

    expected = sorted(upstream, key=lambda r: (-r.num_apps, r.id))[offset : offset + limit]
    assert total == 300
    assert [r.id for r in window] == [r.id for r in expected]
