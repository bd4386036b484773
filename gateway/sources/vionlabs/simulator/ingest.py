"""Automatic processing: the catalog keeps ingesting, so a served sandbox keeps having news.

Ingesting an asset (or enabling a product) creates a job for it by itself (reference: Purpose);
here one new task appears every `activity_s` sandbox seconds, on the first ten catalog items in
turn, and moves through its lifecycle like any other. Worked out from the clock when read, so
the same seed and the same clock give the same tasks.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gateway.sources.vionlabs.simulator.state import Catalog, ProductType, Task, failure_for

# The sandbox's default scope (`default_catalog_item_ids`) is the first ten items.
ITEMS_IN_TURN = 10
PRODUCTS = [p.value for p in ProductType]


class Ingest:
    """Adds the tasks automatic processing would have created up to `now`."""

    def __init__(self, catalog: Catalog, started: datetime, every_s: float) -> None:
        self.catalog = catalog
        self.started = started
        self.every_s = every_s
        self.items = sorted(catalog)[:ITEMS_IN_TURN]
        self.created = 0

    def catch_up(self, now: datetime) -> None:
        due = int((now - self.started).total_seconds() // self.every_s) if self.items else 0
        while self.created < due:
            self.created += 1
            n = self.created
            item = self.items[n % len(self.items)]
            product, version = PRODUCTS[(n * 7) % len(PRODUCTS)], f"auto.{n}"
            created_at = self.started + timedelta(seconds=n * self.every_s)
            failure = failure_for(item, product, version)
            self.catalog[item][(product, version)] = Task(product, version, created_at, failure)
