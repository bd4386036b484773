"""The sandbox as one ASGI app: each simulator under `/<source>`, plus controls under `/_…`."""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.faults import Fault, FaultBoard, FaultMiddleware
from gateway.sandbox.kit import SimulatorEnv, SimulatorFactory
from gateway.sandbox.stats import CountingMiddleware, SandboxStats
from gateway.sandbox.world import World


def create_sandbox(
    simulators: Mapping[str, SimulatorFactory],
    *,
    seed: int,
    size: int,
    time_scale: float = 1.0,
    activity_s: float = 0.0,
) -> Starlette:
    """Build every simulator over one shared world, clock and fault board."""
    env = SimulatorEnv(
        world=World(seed=seed, size=size), clock=SandboxClock(time_scale), activity_s=activity_s
    )
    board = FaultBoard(faults={})
    stats = SandboxStats()

    async def list_faults(request: Request) -> Response:
        return JSONResponse({name: f.model_dump() for name, f in board.faults.items()})

    async def set_fault(request: Request) -> Response:
        source = request.path_params["source"]
        if source not in simulators:
            return JSONResponse({"error": f"unknown source {source!r}"}, status_code=404)
        if request.method == "DELETE":
            board.faults.pop(source, None)
            return Response(status_code=204)
        try:
            board.faults[source] = Fault.model_validate(await request.json())
        except (ValidationError, ValueError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse(board.faults[source].model_dump())

    async def advance_clock(request: Request) -> Response:
        seconds = float((await request.json()).get("seconds", 0))
        return JSONResponse({"now": env.clock.advance(seconds).isoformat()})

    async def show_stats(request: Request) -> Response:
        if request.method == "DELETE":
            stats.reset()
            return Response(status_code=204)
        return JSONResponse(stats.as_dict())

    routes: list[Route | Mount] = [
        Route("/_faults", list_faults, methods=["GET"]),
        Route("/_faults/{source}", set_fault, methods=["PUT", "DELETE"]),
        Route("/_clock/advance", advance_clock, methods=["POST"]),
        Route("/_stats", show_stats, methods=["GET", "DELETE"]),
    ]
    for name, factory in simulators.items():
        sim = factory(env)
        faulty = FaultMiddleware(sim.app, name, board, sim.render_error)
        routes.append(Mount(f"/{name}", CountingMiddleware(faulty, name, stats)))
    return Starlette(routes=routes)
