"""Vionlabs' writes: create (or re-create) a task, and deactivate one.

Part of the simulator (reference: shared/upstreams/vionlabs-tasks.md, endpoints 2 and 3).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from fastapi import HTTPException, Request
from pydantic import BaseModel

from gateway.sandbox.clock import SandboxClock
from gateway.sources.vionlabs.simulator.responses import task_status, tasks_of
from gateway.sources.vionlabs.simulator.state import Catalog, ProductType, Task, failure_for


class TaskPriority(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class CreateTaskBody(BaseModel):
    priority: TaskPriority = TaskPriority.low


class Writes:
    """The POST and DELETE endpoints over the catalog."""

    def __init__(self, catalog: Catalog, clock: SandboxClock) -> None:
        self.catalog = catalog
        self.clock = clock

    def create_task(
        self,
        request: Request,
        inventory_id: str,
        product: ProductType,
        version: str,
        body: CreateTaskBody | None = None,
    ) -> dict[str, Any]:
        tasks = tasks_of(self.catalog, inventory_id)
        existing = tasks.get((product.value, version))
        # ASSUMPTION (reference: Errors): an unfinished task is answered as is, with 200.
        if existing is None or existing.final(self.clock.now()):
            failure = failure_for(inventory_id, product.value, version)
            existing = Task(product.value, version, self.clock.now(), failure)
            tasks[(product.value, version)] = existing
        return task_status(request, existing, self.clock.now())

    def deactivate_task(
        self, request: Request, inventory_id: str, product: ProductType, version: str
    ) -> dict[str, Any]:
        task = tasks_of(self.catalog, inventory_id).get((product.value, version))
        # ASSUMPTION (reference: Errors): DELETE on an already deactivated task is a 404.
        if task is None or not task.active:
            raise HTTPException(404, detail="No active task for this product and version")
        task.active = False
        return task_status(request, task, self.clock.now())
