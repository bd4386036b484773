"""The limbo/Beat sandbox's seed: products, DSP upload identifications and past send tasks.

Deterministic for the world's seed (reference: shared/upstreams/send-tasks.md).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.world import World
from gateway.sources.limbobeat.simulator.state import (
    DELIVERY_TYPES,
    STATUSES,
    DspUploadIdentification,
    Product,
    SendTask,
    Store,
    iso,
)

DSP_NAMES = (
    "Spotify",
    "Apple Music",
    "Deezer",
    "Amazon Music",
    "YouTube Music",
    "Tidal",
    "TikTok",
    "Pandora",
)


def seeded_store(world: World, clock: SandboxClock) -> Store:
    return Store(clock, seed_products(world), seed_dsps(world), seed_tasks(world))


def seed_products(world: World) -> dict[str, Product]:
    rng = world.rng("limbobeat:products")
    products = {}
    for n, pid in enumerate(world.product_ids):
        # The first product is always active and the second always a draft, so tests can rely
        # on one of each; the rest are mostly active.
        status = (
            "active" if n == 0 else "draft" if n == 1 else rng.choice(("active",) * 4 + ("draft",))
        )
        release = world.anchor.date() + timedelta(days=rng.randint(-400, 60))
        products[pid] = Product(
            pid,
            {
                "name": f"Release {pid}",
                "upc-code": f"{rng.randint(10**11, 10**12 - 1)}",
                "release-date": release.isoformat(),
                "front-cover": f"https://covers.sandbox.limbobeat.test/{pid}.jpg",
                "copyright-line": f"(C) {release.year} Sandbox Records",
                "production-line": f"(P) {release.year} Sandbox Records",
                "production-year": release.year,
                "status": status,
                "created-at": iso(world.anchor - timedelta(days=500 - n)),
                "updated-at": iso(world.anchor - timedelta(days=10)),
            },
        )
    return products


def seed_dsps(world: World) -> dict[str, DspUploadIdentification]:
    ids = world.dsp_upload_identification_ids
    return {
        did: DspUploadIdentification(did, name, world.anchor - timedelta(days=900))
        for did, name in zip(ids, DSP_NAMES, strict=True)
    }


def seed_tasks(world: World) -> dict[str, SendTask]:
    """A snapshot of past deliveries; only tasks written through the API move on the clock."""
    rng = world.rng("limbobeat")
    tasks = {}
    ids = world.send_task_ids
    for n, task_id in enumerate(ids):
        created = world.anchor - timedelta(hours=6 * (len(ids) - n))
        # Cycle through the statuses first so every wire value exists in any sandbox size.
        status = STATUSES[n] if n < len(STATUSES) else rng.choice(STATUSES)
        done = status in ("completed", "error")
        sent = created + timedelta(hours=1)
        tasks[task_id] = SendTask(
            id=task_id,
            product_id=rng.choice(world.product_ids),
            dsp_id=rng.choice(world.dsp_upload_identification_ids),
            deliverable=status != "pending",
            delivery_type=rng.choice(DELIVERY_TYPES[:3] * 3 + DELIVERY_TYPES[3:]),
            status=status,
            created_at=created,
            updated_at=created + timedelta(minutes=rng.randint(1, 300)),
            attributes={
                "send-date": sent.strftime("%Y-%m-%d %H:%M:%S") if status != "pending" else None,
                "batch-id": str(uuid.UUID(int=rng.getrandbits(128))) if done else None,
                "ack-status-message": {
                    "FileStatus": ["FileOK" if status == "completed" else "FileRejected"]
                }
                if done
                else None,
                "sent-at": None,
                "packaged-by": "robot" if status != "pending" else None,
                "sent-by": "robot" if done else None,
                "message-id": f"PADPIDA{rng.randint(10**9, 10**10 - 1)}" if done else None,
                # Reads show 17 digits, yyyyMMddHHmmssSSS (reference: SendTask resource).
                "sent-on": sent.strftime("%Y%m%d%H%M%S%f")[:17],
                "created-by": "robot",
                "sent-on-behalf-of-name": None,
                "sent-on-behalf-of-dpid": None,
            },
        )
    return tasks
