"""Sandbox of Interchange's storefront work items.

Reference: shared/upstreams/interchange-work-items.md.

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.interchange.simulator.gate import DEMO_API_KEY, TOS_PENDING_API_KEY, Gate
from gateway.sources.interchange.simulator.responses import render_error
from gateway.sources.interchange.simulator.routes import Reads
from gateway.sources.interchange.simulator.seed import seed_sources
from gateway.sources.interchange.simulator.state import InterchangeState
from gateway.sources.interchange.simulator.writes import Writes

__all__ = ["API", "DEMO_API_KEY", "TOS_PENDING_API_KEY", "create_simulator"]

API = "/api/v2/storefront"


def create_simulator(env: SimulatorEnv) -> Simulator:
    """The upstream's paths, each behind the key check and rate limit, over the seeded sources."""
    state = InterchangeState(sources=seed_sources(env.world))
    gate, reads, writes = Gate(env.clock, state.mode), Reads(state), Writes(state, env.clock)
    items = f"{API}/inventory-sources/{{source_id}}/modular/work-items"
    app = Starlette(
        routes=[
            Route(items, gate.endpoint(reads.list_items), methods=["GET"]),
            Route(f"{items}/{{item_id}}", gate.endpoint(reads.get_item), methods=["GET"]),
            Route(
                f"{items}/{{item_id}}/complete",
                gate.endpoint(writes.complete_item),
                methods=["POST"],
            ),
            Route("/_sandbox/mode", reads.set_mode, methods=["PUT"]),
        ]
    )
    return Simulator(app=app, render_error=render_error)
