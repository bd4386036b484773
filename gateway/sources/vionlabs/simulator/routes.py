"""Vionlabs' reads: a catalog item's tasks, and one task's status.

Part of the simulator (reference: shared/upstreams/vionlabs-tasks.md).
"""

from __future__ import annotations

from typing import Any

from fastapi import HTTPException, Request

from gateway.sandbox.clock import SandboxClock
from gateway.sources.vionlabs.simulator.ingest import Ingest
from gateway.sources.vionlabs.simulator.responses import task_status, tasks_of
from gateway.sources.vionlabs.simulator.state import Catalog, ProductType


class Reads:
    """The GET endpoints over the catalog; FastAPI validates the path's product."""

    def __init__(self, catalog: Catalog, clock: SandboxClock, ingest: Ingest | None = None) -> None:
        self.catalog = catalog
        self.clock = clock
        self.ingest = ingest

    def list_tasks(self, inventory_id: str) -> list[dict[str, Any]]:
        now = self.clock.now()
        if self.ingest is not None:
            self.ingest.catch_up(now)
        # Endpoint 4 nests status under `task_status` and has no `_links` (reference).
        return [
            {
                "task_status": {
                    "status": t.status(now),
                    "error": t.failure if t.status(now) == "failed" else None,
                },
                "product": t.product,
                "version": t.version,
            }
            for t in tasks_of(self.catalog, inventory_id).values()
        ]

    def get_task(
        self, request: Request, inventory_id: str, product: ProductType, version: str
    ) -> dict[str, Any]:
        if self.ingest is not None:
            self.ingest.catch_up(self.clock.now())
        task = tasks_of(self.catalog, inventory_id).get((product.value, version))
        if task is None:
            raise HTTPException(404, detail="Task not found")
        return task_status(request, task, self.clock.now())
