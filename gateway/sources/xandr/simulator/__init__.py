"""Sandbox of Xandr's Inventory List service (reference: shared/upstreams/xandr-inventory-lists.md).

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.xandr.simulator.gate import DEMO_PASSWORD, DEMO_USERNAME, Gate, dispatch
from gateway.sources.xandr.simulator.responses import render_error
from gateway.sources.xandr.simulator.routes import Reads
from gateway.sources.xandr.simulator.seed import seed_state
from gateway.sources.xandr.simulator.writes import Writes

__all__ = ["DEMO_PASSWORD", "DEMO_USERNAME", "create_simulator"]


def create_simulator(env: SimulatorEnv) -> Simulator:
    """The upstream's paths, each behind the gate as a read or a write, over the seeded lists."""
    state = seed_state(env.world)
    gate, r, w = Gate(state, env.clock), Reads(state), Writes(state, env.clock)
    read, write = "read", "write"
    lists = {
        "GET": (r.get_lists, read),
        "POST": (w.create_list, write),
        "PUT": (w.update_list, write),
        "DELETE": (w.delete_list, write),
    }
    items = {"GET": (r.get_items, read), "POST": (w.add_items, write)}
    items["DELETE"] = (w.remove_items, write)
    routes = [
        Route("/auth", gate.api(gate.login, "auth"), methods=["POST"]),
        Route("/inventory-list", dispatch(gate, lists), methods=list(lists)),
        Route("/inventory-list/meta", gate.api(r.meta, read), methods=["GET"]),
        Route(
            "/inventory-list/validate-inventory-item",
            gate.api(r.validate_items, read),
            methods=["POST"],
        ),
        Route(
            "/inventory-list/{list_id:int}",
            dispatch(gate, {"GET": (r.get_list, read), "PUT": (w.update_list, write)}),
            methods=["GET", "PUT"],
        ),
        Route("/inventory-list/{list_id:int}/item", dispatch(gate, items), methods=list(items)),
        Route(
            "/inventory-list/{list_id:int}/item/{item_id:int}",
            gate.api(w.update_item, write),
            methods=["PUT"],
        ),
        Route("/_sandbox/limits", gate.set_limits, methods=["GET", "PUT"]),
        Route("/_sandbox/error", gate.set_error, methods=["PUT", "DELETE"]),
    ]
    return Simulator(app=Starlette(routes=routes), render_error=render_error)
