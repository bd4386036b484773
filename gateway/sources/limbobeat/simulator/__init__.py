"""Sandbox of the limbo/Beat distribution API (reference: shared/upstreams/send-tasks.md).

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.limbobeat.simulator import linkage
from gateway.sources.limbobeat.simulator.gate import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    STATIC_TOKEN,
    TOKEN_LIFETIME_S,
    Gate,
)
from gateway.sources.limbobeat.simulator.responses import render_error
from gateway.sources.limbobeat.simulator.routes import Reads
from gateway.sources.limbobeat.simulator.seed import seeded_store
from gateway.sources.limbobeat.simulator.state import API
from gateway.sources.limbobeat.simulator.writes import Writes

__all__ = ["DEMO_EMAIL", "DEMO_PASSWORD", "STATIC_TOKEN", "TOKEN_LIFETIME_S", "create_simulator"]


def create_simulator(env: SimulatorEnv) -> Simulator:
    """The upstream's paths, each `/api/v1` one behind the gate, over one seeded store."""
    store = seeded_store(env.world, env.clock)
    gate, reads, writes = Gate(env.clock), Reads(store), Writes(store)
    g = gate.guarded
    task = f"{API}/send-tasks/{{task_id}}"
    relation = "{name:str}"
    app = Starlette(
        routes=[
            Route("/oauth/token", gate.issue_token, methods=["POST"]),
            Route(f"{API}/send-tasks", g(reads.list_send_tasks), methods=["GET"]),
            Route(f"{API}/send-tasks", g(writes.create_send_task), methods=["POST"]),
            Route(task, g(reads.get_send_task), methods=["GET"]),
            Route(task, g(writes.update_send_task), methods=["PATCH"]),
            Route(task, g(writes.delete_send_task), methods=["DELETE"]),
            Route(f"{task}/{relation}", g(reads.related)),
            Route(f"{task}/relationships/{relation}", g(reads.related)),
            Route(f"{API}/products", g(reads.collection("products"))),
            Route(f"{API}/products/{{item_id}}", g(reads.single("products"))),
            Route(f"{API}/dsp-upload-identifications", g(reads.collection("dsps"))),
            Route(f"{API}/dsp-upload-identifications/{{item_id}}", g(reads.single("dsps"))),
            Route("/_sandbox/linkage", linkage.control(store.linkage), methods=["GET", "PUT"]),
        ]
    )
    return Simulator(app=app, render_error=render_error)
