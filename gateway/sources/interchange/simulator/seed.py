"""The Interchange sandbox's seed: every kind and status of work item in every inventory source.

Deterministic for the world's seed (reference: shared/upstreams/interchange-work-items.md).
"""

from __future__ import annotations

import random
from datetime import timedelta

from gateway.sandbox.world import World
from gateway.sources.interchange.simulator.state import (
    KINDS,
    MAX_SAFE_INTEGER,
    MODULE_OF_KIND,
    REQUIRED_RESULT_FIELDS,
    STATUSES,
    InventorySource,
    WorkItem,
    iso,
)

MEDIA_BUY_IDS = tuple(f"mb-{7100 + i}" for i in range(6))
# The last one is 2^53-1: the largest id the reference allows, beyond a 32-bit GraphQL Int.
BUYER_CUSTOMER_IDS = (4101, 4102, 880_000_000_001, MAX_SAFE_INTEGER)
STOREFRONT_ID = "storefront-2201"


def _resource(world: World, rng: random.Random, i: int, media_buy: str) -> tuple[str, str]:
    """Cross-links: inventory lists (Xandr) and send tasks (limbo/Beat) the world really has."""
    shape = i % 4
    if shape == 0:
        return "inventory-list", str(rng.choice(world.inventory_list_ids))
    if shape == 1:
        return "send-task", rng.choice(world.send_task_ids)
    if shape == 2:
        return "media-buy", media_buy
    return "creative", f"cr-{rng.randint(10_000, 99_999)}"


def _item(world: World, rng: random.Random, k: int, i: int, count: int) -> WorkItem:
    status = STATUSES[(i + k) % len(STATUSES)]
    kind = KINDS[(i * 5 + k) % len(KINDS)]
    module = MODULE_OF_KIND[kind]
    media_buy = rng.choice(MEDIA_BUY_IDS)
    resource_type, resource_id = _resource(world, rng, i, media_buy)
    created = world.anchor - timedelta(hours=3 * (count - i), minutes=7 * k)
    done = status in ("COMPLETED", "CANCELLED")
    user = rng.choice(world.users)
    required = REQUIRED_RESULT_FIELDS.get(kind, [])
    item = WorkItem(
        id=f"wi_{k + 1}{i:04d}",
        status=status,
        kind=kind,
        common={
            "id": f"wi_{k + 1}{i:04d}",
            "storefrontId": STOREFRONT_ID,
            "inventorySourceId": str(900222 + k),
            "moduleId": module,
            "title": f"{kind.replace('_', ' ').capitalize()} for {resource_id}",
            "description": f"The {module} module needs a person to act on {resource_type} "
            f"{resource_id}.",
            "resourceType": resource_type,
            "resourceId": resource_id,
            "mediaBuyId": None if resource_type == "inventory-list" else media_buy,
            "buyerCustomerId": BUYER_CUSTOMER_IDS[(i // 4) % len(BUYER_CUSTOMER_IDS)],
            "assignedTo": user if status != "OPEN" else None,
            "dueAt": iso(created + timedelta(days=2 + i % 5)) if not done else None,
            "blockedReason": "Waiting for upstream confirmation" if status == "BLOCKED" else None,
            "createdByType": "MODULE",
            "createdById": module,
            "completedBy": user if status == "COMPLETED" else None,
            "completedAt": iso(created + timedelta(hours=2)) if status == "COMPLETED" else None,
            "createdAt": iso(created),
            "updatedAt": iso(created + timedelta(minutes=rng.randint(1, 120))),
        },
        required_result_fields=list(required),
        payload={"module": module, "resource": {"type": resource_type, "id": resource_id}},
        result={name: "sandbox" for name in required} if status == "COMPLETED" else None,
        hides_status_kind=i % 6 == 5,
    )
    item.event("CREATED", created, ("MODULE", module))
    if status != "OPEN":
        later = created + timedelta(hours=2)
        item.event(status, later, ("USER", user), notes=item.common["blockedReason"])
    return item


def seed_sources(world: World) -> dict[str, InventorySource]:
    """Every kind and status in every source, deterministic for the world's seed."""
    rng = world.rng("interchange")
    count = max(20, world.size // 3)
    sources: dict[str, InventorySource] = {}
    for k, slug in enumerate(world.interchange_source_ids):
        items = [_item(world, rng, k, i, count) for i in range(count)]
        sources[slug] = InventorySource(
            slug=slug, inventory_source_id=str(900222 + k), items={it.id: it for it in items}
        )
    return sources
