"""Sandbox of IBM Blueworks Live's WorkList API (reference: shared/upstreams/blueworks-worklist.md).

Imports nothing of the gateway but the sandbox kit. The simulator's root plays the login host:
its `/scr/api/*` answers 301 to the account host, served under `/us001` of the same simulator,
so the redirect works in-process and over loopback alike.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.blueworks.simulator_seed import Instance, seed_account

ACCOUNT_POD = "us001"
VERSION = "20110917"
DEFAULT_LIMIT = 100
MAX_LIMIT = 100  # ASSUMPTION (reference: Pagination): the simulator caps silently at 100.
DEFAULT_TOKEN_LIFETIME_S = 300.0
# The sandbox's published demo credentials (not secrets): one account-level Service ID in the
# Work Management category, one User Service ID acting as the demo user, one in another category.
SERVICE_ID = "sandbox-blueworks-service-id"
SERVICE_SECRET = "sandbox-blueworks-secret"  # noqa: S105
USER_SERVICE_ID = "sandbox-blueworks-user-service-id"
USER_SERVICE_SECRET = "sandbox-blueworks-user-secret"  # noqa: S105
ADMIN_SERVICE_ID = "sandbox-blueworks-admin-service-id"
ADMIN_SERVICE_SECRET = "sandbox-blueworks-admin-secret"  # noqa: S105
# Exists in the account but is a Viewer: no API access (reference: Base URL).
VIEWER = "viewer@example.com"


@dataclass(frozen=True)
class Credential:
    secret: str
    category: str
    # A User Service ID always acts as this user; None for an account-level Service ID.
    user: str | None


@dataclass(frozen=True)
class Grant:
    credential: Credential
    expires_at: datetime


def plain(status: int, message: str = "") -> Response:
    # Error bodies are undocumented; ASSUMPTION (reference: Errors): short text/plain.
    return PlainTextResponse(message, status_code=status)


class BlueworksSandbox:
    """The account's users, apps and work instances, and the API's handlers."""

    def __init__(self, env: SimulatorEnv) -> None:
        self.clock = env.clock
        self.token_lifetime_s = DEFAULT_TOKEN_LIFETIME_S
        self.grants: dict[str, Grant] = {}
        self.credentials = {
            SERVICE_ID: Credential(SERVICE_SECRET, "Work Management", None),
            USER_SERVICE_ID: Credential(USER_SERVICE_SECRET, "Work Management", env.world.users[0]),
            ADMIN_SERVICE_ID: Credential(ADMIN_SERVICE_SECRET, "User Management", None),
        }
        self.users = set(env.world.users)
        self.viewers = {VIEWER}
        self.apps, self.instances = seed_account(env.world)

    # -- auth --------------------------------------------------------------------------------

    async def issue_token(self, request: Request) -> Response:
        form = await request.form()
        client_id, client_secret = form.get("client_id"), form.get("client_secret")
        scheme, _, encoded = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "basic" and client_id is None:
            # Tolerated: client_secret_basic, the other common OAuth2 client authentication.
            client_id, _, client_secret = base64.b64decode(encoded).decode().partition(":")
        if form.get("grant_type") != "client_credentials":
            return JSONResponse({"error": "unsupported_grant_type"}, status_code=400)
        credential = self.credentials.get(str(client_id))
        if credential is None or credential.secret != client_secret:
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        token = secrets.token_urlsafe(24)
        expires = self.clock.now() + timedelta(seconds=self.token_lifetime_s)
        self.grants[token] = Grant(credential, expires)
        return JSONResponse(
            {"access_token": token, "token_type": "bearer", "expires_in": self.token_lifetime_s}
        )

    def acting_user(self, request: Request) -> str | Response:
        """The user the call acts for, or the refusal the reference prescribes."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        grant = self.grants.get(token) if scheme.lower() == "bearer" else None
        if grant is None or grant.expires_at <= self.clock.now():
            return plain(401, "Unauthorized")
        if grant.credential.category != "Work Management":
            return plain(403, "The Service ID is not in the Work Management category")
        if grant.credential.user is not None:
            return grant.credential.user
        user = request.headers.get("x-on-behalf-of")
        if not user:
            return plain(400, "X-On-Behalf-Of is required with a Service ID")
        if user in self.viewers or user not in self.users:
            return plain(403, "The user does not exist or may not use the API")
        return user

    # -- resources ---------------------------------------------------------------------------

    async def work_list(self, request: Request) -> Response:
        user = self.acting_user(request)
        if isinstance(user, Response):
            return user
        query = request.query_params
        kind = query.get("type")
        if kind not in ("open", "closed"):
            return plain(400, "type must be open or closed")
        if query.get("version") != VERSION:
            return plain(400, f"version must be {VERSION}")
        try:
            limit = int(query.get("limit", str(DEFAULT_LIMIT)))
            start = int(query.get("startFrom", "0"))
        except ValueError:
            return plain(400, "limit and startFrom must be integers")
        if limit < 0 or start < 0:
            return plain(400, "limit and startFrom must not be negative")
        mine = sorted(
            (
                i
                for i in self.instances.values()
                if i.owner == user and i.closed == (kind == "closed")
            ),
            key=Instance.sort_key,
        )
        page = mine[start : start + min(limit, MAX_LIMIT)]
        # ASSUMPTION (reference: Pagination): apps lists only the apps of the returned page.
        app_ids = list(dict.fromkeys(i.app_id for i in page))
        return JSONResponse(
            {
                "work": [i.summary() for i in page],
                "more": start + len(page) < len(mine),
                "apps": [{"id": a, "type": self.apps[a]} for a in app_ids],
                "type": kind,
                "version": VERSION,
            }
        )

    async def work_detail(self, request: Request) -> Response:
        user = self.acting_user(request)
        if isinstance(user, Response):
            return user
        if request.query_params.get("version") != VERSION:
            return plain(400, f"version must be {VERSION}")
        work_id = request.query_params.get("workId")
        if not work_id:
            return plain(400, "workId is required")
        inst = self.instances.get(work_id)
        # ASSUMPTION: another user's instance is indistinguishable from a missing one (404).
        if inst is None or inst.owner != user:
            return plain(404, "No such work")
        detail = {
            "id": inst.id,
            "name": inst.name,
            "subject": inst.subject,
            "details": f"Started from the {self.apps[inst.app_id].lower()} app {inst.app_id}.",
            "canManageWork": not inst.closed,
            "runtimeVersion": [VERSION],
            "tasks": inst.tasks,
        }
        return JSONResponse({"work": detail})

    async def login_host(self, request: Request) -> Response:
        # The login host sends API calls to the account's host (reference: Base URL). The
        # mount's root path keeps the target right both in-process and behind `/sandbox`.
        root = request.scope.get("root_path", "")
        path = f"{root}/{ACCOUNT_POD}/scr/{request.path_params['rest']}"
        return RedirectResponse(str(request.url.replace(path=path)), status_code=301)

    async def configure(self, request: Request) -> Response:
        """Sandbox control: short token lifetimes for tests (`PUT /_config`)."""
        body = await request.json()
        if "token_lifetime_s" in body:
            self.token_lifetime_s = float(body["token_lifetime_s"])
        return JSONResponse({"token_lifetime_s": self.token_lifetime_s})


def create_simulator(env: SimulatorEnv) -> Simulator:
    sandbox = BlueworksSandbox(env)
    pod = f"/{ACCOUNT_POD}"
    app = Starlette(
        routes=[
            Route("/oauth/token", sandbox.issue_token, methods=["POST"]),
            Route(f"{pod}/oauth/token", sandbox.issue_token, methods=["POST"]),
            Route(f"{pod}/scr/api/WorkList", sandbox.work_list, methods=["GET"]),
            Route(f"{pod}/scr/api/WorkDetail", sandbox.work_detail, methods=["GET"]),
            Route("/scr/{rest:path}", sandbox.login_host, methods=["GET", "POST"]),
            Route("/_config", sandbox.configure, methods=["PUT"]),
        ]
    )
    return Simulator(app=app)
