"""What a simulator is given and what it gives back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.faults import ErrorRenderer, plain_error
from gateway.sandbox.world import World


@dataclass(frozen=True)
class SimulatorEnv:
    world: World
    clock: SandboxClock
    # Sandbox seconds between two pieces of new work a simulator starts by itself (0: none), so
    # a served sandbox keeps producing events for live dashboards (docs/live.md).
    activity_s: float = 0.0


@dataclass(frozen=True)
class Simulator:
    """An upstream's API as an ASGI app, and how that upstream spells an error status."""

    app: ASGIApp
    render_error: ErrorRenderer = plain_error


SimulatorFactory = Callable[[SimulatorEnv], Simulator]
