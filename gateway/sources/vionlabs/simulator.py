"""Sandbox of the Vionlabs Tasks API (reference: shared/upstreams/vionlabs-tasks.md).

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.security import APIKeyHeader, APIKeyQuery
from pydantic import BaseModel
from starlette.responses import JSONResponse, PlainTextResponse, Response

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.kit import Simulator, SimulatorEnv

DEMO_API_KEY = "sandbox-vionlabs-key"  # the sandbox's published demo credential
# ASSUMPTION (reference: TaskStatus object): pending -> processing -> done | failed.
PENDING_S = 60
PROCESSING_S = 240
# Not a status of the reference; what this sandbox calls a task after DELETE.
DEACTIVATED = "deactivated"
FAILURES = (
    "Storage object not found: s3://catalog/{item}/master.mp4",
    "Probe failed: could not decode the video stream",
    "Unsupported video length",
)
# Outside the documented enums on purpose: the gateway must pass them through.
UNLISTED_PRODUCT = "dubbing"
UNLISTED_STATUS = "queued"


class ProductType(StrEnum):
    adbreaks = "adbreaks"
    contextual_adbreak = "contextual_adbreak"
    emotions = "emotions"
    fingerprint = "fingerprint"
    fingerprintplus = "fingerprintplus"
    jitpreviews = "jitpreviews"
    jitthumbnails = "jitthumbnails"
    markers = "markers"
    nudity = "nudity"
    profanity = "profanity"
    semantic = "semantic"
    similar = "similar"
    content_summary = "content_summary"
    semantic_scenes = "semantic_scenes"
    vertical_conversion = "vertical_conversion"
    scene_tags = "scene_tags"


class TaskPriority(StrEnum):
    high = "high"
    medium = "medium"
    low = "low"


class CreateTaskBody(BaseModel):
    priority: TaskPriority = TaskPriority.low


@dataclass
class Task:
    product: str
    version: str
    created_at: datetime
    # The outcome once processing ends: None for done, else the failure text.
    failure: str | None
    # A status that never moves (seeded oddities such as "queued").
    fixed_status: str | None = None
    active: bool = True

    def status(self, now: datetime) -> str:
        if not self.active:
            return DEACTIVATED
        if self.fixed_status is not None:
            return self.fixed_status
        age = (now - self.created_at).total_seconds()
        if age < PENDING_S:
            return "pending"
        if age < PENDING_S + PROCESSING_S:
            return "processing"
        return "failed" if self.failure is not None else "done"

    def final(self, now: datetime) -> bool:
        return self.status(now) in ("done", "failed", DEACTIVATED)


def failure_for(item: str, product: str, version: str) -> str | None:
    """A stable outcome per task, so a test can predict done or failed."""
    digest = zlib.crc32(f"{item}|{product}|{version}".encode())
    return FAILURES[digest % len(FAILURES)].format(item=item) if digest % 4 == 0 else None


class VionlabsSandbox:
    """The upstream's state; one instance per sandbox."""

    def __init__(self, env: SimulatorEnv) -> None:
        self.clock: SandboxClock = env.clock
        rng = env.world.rng("vionlabs")
        now = self.clock.now()
        products = [p.value for p in ProductType]
        self.items: dict[str, dict[tuple[str, str], Task]] = {}
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
            self.items[item] = tasks

    def tasks_of(self, item: str) -> dict[tuple[str, str], Task]:
        tasks = self.items.get(item)
        if tasks is None:
            raise HTTPException(404, detail=f"Catalog item {item} not found")
        return tasks

    def task_status(self, request: Request, task: Task) -> dict[str, Any]:
        now = self.clock.now()
        status = task.status(now)
        # Every link of a task targets the task's own URL; never echo the `key` parameter.
        href = str(request.url.replace(query=""))
        links = {"self": {"href": href, "method": "GET"}}
        if task.active:
            links["deactivate"] = {"href": href, "method": "DELETE"}
        if task.final(now):
            links["create"] = {"href": href, "method": "POST"}
        return {
            "status": status,
            "error": task.failure if status == "failed" else None,
            "_links": links,
        }


def authenticate(
    header: Annotated[str | None, Depends(APIKeyHeader(name="X-API-Key", auto_error=False))],
    query: Annotated[str | None, Depends(APIKeyQuery(name="key", auto_error=False))],
) -> None:
    # ASSUMPTION (reference: Authentication): either form; the header wins if both are sent.
    key = header if header is not None else query
    if key != DEMO_API_KEY:
        raise HTTPException(401, detail="Not authenticated")


def render_error(status: int, message: str, headers: dict[str, str]) -> Response:
    if status >= 500:
        # "server error -> 500 plain" (reference: Errors).
        return PlainTextResponse("Internal Server Error", status_code=status, headers=headers)
    detail = "Too Many Requests" if status == 429 else message
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def create_simulator(env: SimulatorEnv) -> Simulator:
    sandbox = VionlabsSandbox(env)
    app = FastAPI(
        docs_url=None, redoc_url=None, openapi_url=None, dependencies=[Depends(authenticate)]
    )
    task_path = "/tasks/catalog-item/{inventory_id}/product/{product}/version/{version}"

    @app.get("/tasks/catalog-item/{inventory_id}")
    def list_tasks(inventory_id: str) -> list[dict[str, Any]]:
        now = sandbox.clock.now()
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
            for t in sandbox.tasks_of(inventory_id).values()
        ]

    @app.get(task_path)
    def get_task(
        request: Request, inventory_id: str, product: ProductType, version: str
    ) -> dict[str, Any]:
        task = sandbox.tasks_of(inventory_id).get((product.value, version))
        if task is None:
            raise HTTPException(404, detail="Task not found")
        return sandbox.task_status(request, task)

    @app.post(task_path)
    def create_task(
        request: Request,
        inventory_id: str,
        product: ProductType,
        version: str,
        body: CreateTaskBody | None = None,
    ) -> dict[str, Any]:
        tasks = sandbox.tasks_of(inventory_id)
        existing = tasks.get((product.value, version))
        # ASSUMPTION (reference: Errors): an unfinished task is answered as is, with 200.
        if existing is None or existing.final(sandbox.clock.now()):
            failure = failure_for(inventory_id, product.value, version)
            existing = Task(product.value, version, sandbox.clock.now(), failure)
            tasks[(product.value, version)] = existing
        return sandbox.task_status(request, existing)

    @app.delete(task_path)
    def deactivate_task(
        request: Request, inventory_id: str, product: ProductType, version: str
    ) -> dict[str, Any]:
        task = sandbox.tasks_of(inventory_id).get((product.value, version))
        # ASSUMPTION (reference: Errors): DELETE on an already deactivated task is a 404.
        if task is None or not task.active:
            raise HTTPException(404, detail="No active task for this product and version")
        task.active = False
        return sandbox.task_status(request, task)

    return Simulator(app=app, render_error=render_error)
