"""The Vionlabs sandbox's seed: a few tasks per catalog item, of every status, plus two oddities.

Deterministic for the world's seed (reference: shared/upstreams/vionlabs-tasks.md).
"""

from __future__ import annotations

from datetime import timedelta

from gateway.sandbox.kit import SimulatorEnv
from gateway.sources.vionlabs.simulator.state import Catalog, ProductType, Task, failure_for

# Outside the documented enums on purpose: the gateway must pass them through.
UNLISTED_PRODUCT = "dubbing"
UNLISTED_STATUS = "queued"


def seed_catalog(env: SimulatorEnv) -> Catalog:
    rng = env.world.rng("vionlabs")
    now = env.clock.now()
    products = [p.value for p in ProductType]
    items: Catalog = {}
    for n, item in enumerate(env.world.catalog_item_ids):
        tasks: dict[tuple[str, str], Task] = {}
        for product in rng.sample(products, rng.randint(2, 5)):
            version = rng.choice(("1.0.1", "1.2.0", "2.0", "0.9.13"))
            # Ages spread so that seeded tasks are pending, processing, done and failed.
            age = rng.choice((10, 120, 3600, 86400, 86400 * 7))
            created = now - timedelta(seconds=age)
            tasks[(product, version)] = Task(
                product, version, created, failure_for(item, product, version)
            )
        if n == 0:
            tasks[(UNLISTED_PRODUCT, "0.3.0")] = Task(
                UNLISTED_PRODUCT, "0.3.0", now - timedelta(days=2), None
            )
            tasks[("fingerprint", "3.1.4")] = Task(
                "fingerprint", "3.1.4", now, None, fixed_status=UNLISTED_STATUS
            )
        items[item] = tasks
    return items
