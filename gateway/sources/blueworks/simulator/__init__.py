"""Sandbox of IBM Blueworks Live's WorkList API (reference: shared/upstreams/blueworks-worklist.md).

Imports nothing of the gateway but the sandbox kit. The simulator's root plays the login host:
its `/scr/api/*` answers 301 to the account host, served under `/us001` of the same simulator,
so the redirect works in-process and over loopback alike.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.blueworks.simulator.gate import (
    ADMIN_SERVICE_ID,
    ADMIN_SERVICE_SECRET,
    DEFAULT_TOKEN_LIFETIME_S,
    SERVICE_ID,
    SERVICE_SECRET,
    USER_SERVICE_ID,
    USER_SERVICE_SECRET,
    Gate,
)
from gateway.sources.blueworks.simulator.responses import render_error
from gateway.sources.blueworks.simulator.routes import ACCOUNT_POD, VERSION, Reads, login_host
from gateway.sources.blueworks.simulator.seed import VIEWER, seeded_account

__all__ = [
    "ADMIN_SERVICE_ID",
    "ADMIN_SERVICE_SECRET",
    "DEFAULT_TOKEN_LIFETIME_S",
    "SERVICE_ID",
    "SERVICE_SECRET",
    "USER_SERVICE_ID",
    "USER_SERVICE_SECRET",
    "VERSION",
    "VIEWER",
    "create_simulator",
]


def create_simulator(env: SimulatorEnv) -> Simulator:
    """The login host's paths at the root, the account host's under `/us001`."""
    account = seeded_account(env.world)
    gate, reads = Gate(env.clock, account, demo_user=env.world.users[0]), Reads(account)
    pod = f"/{ACCOUNT_POD}"
    app = Starlette(
        routes=[
            Route("/oauth/token", gate.issue_token, methods=["POST"]),
            Route(f"{pod}/oauth/token", gate.issue_token, methods=["POST"]),
            Route(f"{pod}/scr/api/WorkList", gate.acting(reads.work_list), methods=["GET"]),
            Route(f"{pod}/scr/api/WorkDetail", gate.acting(reads.work_detail), methods=["GET"]),
            Route("/scr/{rest:path}", login_host, methods=["GET", "POST"]),
            Route("/_config", gate.configure, methods=["PUT"]),
        ]
    )
    return Simulator(app=app, render_error=render_error)
