"""Sandbox of the Vionlabs Tasks API (reference: shared/upstreams/vionlabs-tasks.md).

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.vionlabs.simulator.gate import DEMO_API_KEY, authenticate
from gateway.sources.vionlabs.simulator.ingest import Ingest
from gateway.sources.vionlabs.simulator.responses import render_error
from gateway.sources.vionlabs.simulator.routes import Reads
from gateway.sources.vionlabs.simulator.seed import seed_catalog
from gateway.sources.vionlabs.simulator.writes import Writes

__all__ = ["DEMO_API_KEY", "create_simulator"]


def create_simulator(env: SimulatorEnv) -> Simulator:
    """The upstream's paths, every one behind the key check, over the seeded catalog."""
    catalog = seed_catalog(env)
    ingest = Ingest(catalog, env.clock.now(), env.activity_s) if env.activity_s > 0 else None
    reads, writes = Reads(catalog, env.clock, ingest), Writes(catalog, env.clock)
    app = FastAPI(
        docs_url=None, redoc_url=None, openapi_url=None, dependencies=[Depends(authenticate)]
    )
    task = "/tasks/catalog-item/{inventory_id}/product/{product}/version/{version}"
    app.add_api_route("/tasks/catalog-item/{inventory_id}", reads.list_tasks, methods=["GET"])
    app.add_api_route(task, reads.get_task, methods=["GET"])
    app.add_api_route(task, writes.create_task, methods=["POST"])
    app.add_api_route(task, writes.deactivate_task, methods=["DELETE"])
    return Simulator(app=app, render_error=render_error)
