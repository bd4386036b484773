"""The Xandr sandbox's seed: lists with the world's ids (others link to them), a few items each.

Deterministic for the world's seed (reference: shared/upstreams/xandr-inventory-lists.md).
"""

from __future__ import annotations

from datetime import timedelta

from gateway.sandbox.world import World
from gateway.sources.xandr.simulator.state import XandrState, wire_time

ADVERTISERS = (40, 41, 57, 63, 88)
DOMAINS = (
    "news.example.com", "sports.example.org", "weather.example.net", "recipes.example.com",
    "cars.example.co.uk", "travel.example.de", "finance.example.com", "games.example.io",
    "music.example.fm", "kids.example.tv", "tech.example.dev", "health.example.info",
)  # fmt: skip
APPS = (
    "com.example.reader", "com.example.racer", "net.example.weather", "tv.example.stream",
    "123456789", "987654321", "com.example.puzzle", "org.example.radio",
)  # fmt: skip
AUDIT = ("audited",) * 6 + ("pending", "unaudited", "rejected", "unauditable", "masked")
LIST_WORDS = ("Brand safety", "Premium news", "Sports", "CTV apps", "Kids", "Finance", "Travel")


def seed_state(world: World) -> XandrState:
    """Lists with the world's ids (other sources link to them), each with a few items."""
    rng = world.rng("xandr")
    state = XandrState()
    for n, list_id in enumerate(world.inventory_list_ids):
        created = world.anchor - timedelta(days=len(world.inventory_list_ids) - n, hours=n % 7)
        kind = rng.choice(("allowlist", "allowlist", "blocklist"))
        state.lists[list_id] = {
            "id": list_id,
            "name": f"{rng.choice(LIST_WORDS)} {kind} {list_id}",
            "description": rng.choice((None, "Seeded by the sandbox", "Reviewed quarterly")),
            "inventory_list_type": kind,
            "advertiser_id": rng.choice((None, *ADVERTISERS)),
            "insertion_order_id": rng.choice((None, 61000 + n)),
            "line_item_id": rng.choice((None, 72000 + n)),
            "inventory_url_list_id": world.inventory_list_ui_id(list_id),
            "required_for_all": rng.random() < 0.2,
            "created_on": wire_time(created),
            "last_modified": wire_time(created + timedelta(hours=rng.randint(0, 200))),
        }
        state.items[list_id] = {}
        pool = DOMAINS + (APPS if rng.random() < 0.5 else ())
        for url in rng.sample(pool, rng.randint(0, min(len(pool), 14))):
            item = state.new_item(url, rng.random() < 0.3, url)
            item["audit_status"] = rng.choice(AUDIT)
            if item["audit_status"] == "rejected":
                item["rejection_reason"] = "Not a valid inventory source"
            state.items[list_id][item["id"]] = item
    ids = world.inventory_list_ids
    state.next_list_id = max(ids, default=3899) + 1
    state.next_ui_id = max((world.inventory_list_ui_id(i) for i in ids), default=71000) + 7
    return state
