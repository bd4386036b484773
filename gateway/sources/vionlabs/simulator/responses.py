"""What Vionlabs answers with: TaskStatus objects with their links, FastAPI's error bodies.

Part of the simulator (reference: shared/upstreams/vionlabs-tasks.md, Errors).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import HTTPException, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from gateway.sources.vionlabs.simulator.state import Catalog, Task


def task_status(request: Request, task: Task, now: datetime) -> dict[str, Any]:
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


def tasks_of(catalog: Catalog, item: str) -> dict[tuple[str, str], Task]:
    """The item's tasks, or FastAPI's `{"detail": …}` 404 for an unknown item."""
    tasks = catalog.get(item)
    if tasks is None:
        raise HTTPException(404, detail=f"Catalog item {item} not found")
    return tasks


def render_error(status: int, message: str, headers: dict[str, str]) -> Response:
    if status >= 500:
        # "server error -> 500 plain" (reference: Errors).
        return PlainTextResponse("Internal Server Error", status_code=status, headers=headers)
    detail = "Too Many Requests" if status == 429 else message
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)
