"""Sandbox of the limbo/Beat distribution API (reference: shared/upstreams/send-tasks.md).

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv

DEMO_EMAIL = "distributor@sandbox.limbobeat.test"
DEMO_PASSWORD = "sandbox-password"  # noqa: S105 - the sandbox's published demo credential
STATIC_TOKEN = "sandbox-limbobeat-token"  # noqa: S105 - the sandbox's published demo credential
TOKEN_LIFETIME_S = 3600
JSON_API = "application/vnd.api+json"
STATUSES = ("pending", "waiting", "procesing", "completed", "error")
DELIVERY_TYPES = ("delivery", "update", "redelivery", "delete")
DSP_NAMES = (
    "Spotify",
    "Apple Music",
    "Deezer",
    "Amazon Music",
    "YouTube Music",
    "Tidal",
    "TikTok",
    "Pandora",
)
FILTERS = (
    "id",
    "product-id",
    "status",
    "delivery-type",
    "dsp-upload-identification-id",
    "created-at-gte",
    "created-at-lte",
)
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 200


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000000Z")


def error_document(status: int, title: str, detail: str | None = None, **source: str) -> Response:
    error: dict[str, Any] = {"status": str(status), "title": title}
    if detail:
        error["detail"] = detail
    if source:
        error["source"] = source
    return JSONResponse(
        {"jsonapi": {"version": "1.0"}, "errors": [error]},
        status_code=status,
        media_type=JSON_API,
    )


def render_error(status: int, message: str, headers: dict[str, str]) -> Response:
    titles = {
        429: "Too Many Requests",
        500: "Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
    }
    response = error_document(status, titles.get(status, "Error"), message)
    response.headers.update(headers)
    return response


@dataclass
class SendTask:
    id: str
    product_id: str
    dsp_id: str
    deliverable: bool
    delivery_type: str
    status: str
    created_at: datetime
    updated_at: datetime
    attributes: dict[str, Any] = field(default_factory=dict)

    def resource(self) -> dict[str, Any]:
        base = f"/api/v1/send-tasks/{self.id}"
        return {
            "type": "send-tasks",
            "id": self.id,
            "attributes": {
                "deliverable": self.deliverable,
                "delivery-type": self.delivery_type,
                "status": self.status,
                "priority": "normal",
                **self.attributes,
                "created-at": iso(self.created_at),
                "updated-at": iso(self.updated_at),
            },
            "relationships": {
                name: {
                    "links": {"related": f"{base}/{name}", "self": f"{base}/relationships/{name}"}
                }
                for name in ("product", "dsp-upload-identification")
            },
            "links": {"self": base},
        }


class LimbobeatSandbox:
    """The upstream's state and handlers; one instance per sandbox."""

    def __init__(self, env: SimulatorEnv) -> None:
        self.clock = env.clock
        self.tokens: dict[str, datetime] = {}
        world = env.world
        rng = world.rng("limbobeat")
        self.products = {
            pid: {"name": f"Release {pid}", "status": rng.choice(("active",) * 4 + ("draft",))}
            for pid in world.product_ids
        }
        self.dsps = dict(zip(world.dsp_upload_identification_ids, DSP_NAMES, strict=True))
        self.tasks: dict[str, SendTask] = {}
        for n, task_id in enumerate(world.send_task_ids):
            created = world.anchor - timedelta(hours=6 * (len(world.send_task_ids) - n))
            status = rng.choice(STATUSES)
            done = status in ("completed", "error")
            self.tasks[task_id] = SendTask(
                id=task_id,
                product_id=rng.choice(world.product_ids),
                dsp_id=rng.choice(world.dsp_upload_identification_ids),
                deliverable=status != "pending",
                delivery_type=rng.choice(DELIVERY_TYPES[:3] * 3 + DELIVERY_TYPES[3:]),
                status=status,
                created_at=created,
                updated_at=created + timedelta(minutes=rng.randint(1, 300)),
                attributes={
                    "send-date": (created + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")
                    if status != "pending"
                    else None,
                    "batch-id": f"{rng.getrandbits(128):032x}" if done else None,
                    "ack-status-message": {
                        "FileStatus": ["FileOK" if status == "completed" else "FileRejected"]
                    }
                    if done
                    else None,
                    "sent-at": None,
                    "packaged-by": "robot" if status != "pending" else None,
                    "sent-by": "robot" if done else None,
                    "message-id": f"PADPIDA{rng.randint(10**9, 10**10 - 1)}" if done else None,
                    "sent-on": (created + timedelta(hours=1)).strftime("%Y%m%d%H%M%S%f")[:17],
                    "created-by": "robot",
                    "sent-on-behalf-of-name": None,
                    "sent-on-behalf-of-dpid": None,
                },
            )

    # -- auth ------------------------------------------------------------------------------

    async def issue_token(self, request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        if (
            not isinstance(body, dict)
            or body.get("grant_type") != "password"
            or body.get("email") != DEMO_EMAIL
            or body.get("password") != DEMO_PASSWORD
        ):
            message = "The user credentials were incorrect."
            return JSONResponse(
                {"error": "invalid_grant", "error_description": message, "message": message},
                status_code=400,
            )
        token = secrets.token_urlsafe(24)
        self.tokens[token] = self.clock.now() + timedelta(seconds=TOKEN_LIFETIME_S)
        return JSONResponse(
            {
                "token_type": "Bearer",
                "expires_in": TOKEN_LIFETIME_S,
                "access_token": token,
                "refresh_token": secrets.token_urlsafe(24),
            }
        )

    def refuse(self, request: Request) -> Response | None:
        """The checks every `/api/v1` call passes first: bearer token, then media types."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        expires = self.tokens.get(token)
        known = token == STATIC_TOKEN or (expires is not None and expires > self.clock.now())
        if scheme.lower() != "bearer" or not known:
            return error_document(401, "Unauthorized", "Unauthenticated.")
        accept = request.headers.get("accept", "*/*")
        if not any(t in accept for t in (JSON_API, "*/*", "application/*")):
            return error_document(406, "Not Acceptable")
        return None

    # -- send tasks --------------------------------------------------------------------------

    async def list_send_tasks(self, request: Request) -> Response:
        if (refused := self.refuse(request)) is not None:
            return refused
        filters, problem = self.read_filters(request)
        if problem is not None:
            return problem
        try:
            number = int(request.query_params.get("page[number]", "1"))
            size = int(request.query_params.get("page[size]", str(DEFAULT_PAGE_SIZE)))
        except ValueError:
            return error_document(
                400,
                "Invalid Query Parameter",
                "Page parameters must be integers.",
                parameter="page",
            )
        if size > MAX_PAGE_SIZE or size < 1 or number < 1:
            return error_document(
                400,
                "Invalid Query Parameter",
                f"The page size must be between 1 and {MAX_PAGE_SIZE}.",
                parameter="page.size",
            )
        matches = [
            t
            for t in sorted(self.tasks.values(), key=lambda t: int(t.id))
            if self.matches(t, filters)
        ]
        start = (number - 1) * size
        page = matches[start : start + size]
        last = max(1, -(-len(matches) // size))
        return JSONResponse(
            {
                "jsonapi": {"version": "1.0"},
                "meta": {
                    "page": {
                        "currentPage": number,
                        "from": start + 1 if page else None,
                        "lastPage": last,
                        "perPage": size,
                        "to": start + len(page) if page else None,
                        "total": len(matches),
                    }
                },
                "links": self.page_links(number, size, last),
                "data": [t.resource() for t in page],
            },
            media_type=JSON_API,
        )

    def read_filters(self, request: Request) -> tuple[dict[str, list[str]], Response | None]:
        filters: dict[str, list[str]] = {}
        for key, value in request.query_params.multi_items():
            if not key.startswith("filter["):
                continue
            # Both `filter[id]=1,2` and `filter[id][]=1&filter[id][]=2` (reference: batch lookup).
            name = key[len("filter[") :].removesuffix("[]").rstrip("]")
            if name not in FILTERS:
                return {}, error_document(
                    400,
                    "Invalid Query Parameter",
                    f"Filter parameter {name} is not allowed.",
                    parameter=f"filter.{name}",
                )
            filters.setdefault(name, []).extend(v for v in value.split(",") if v)
        return filters, None

    def matches(self, task: SendTask, filters: dict[str, list[str]]) -> bool:
        values = {
            "id": task.id,
            "product-id": task.product_id,
            "status": task.status,
            "delivery-type": task.delivery_type,
            "dsp-upload-identification-id": task.dsp_id,
        }
        for name, wanted in filters.items():
            if name == "created-at-gte" and task.created_at.date().isoformat() < wanted[0]:
                return False
            if name == "created-at-lte" and task.created_at.date().isoformat() > wanted[0]:
                return False
            if name in values and values[name] not in wanted:
                return False
        return True

    @staticmethod
    def page_links(number: int, size: int, last: int) -> dict[str, str]:
        def link(n: int) -> str:
            return f"/api/v1/send-tasks?page[number]={n}&page[size]={size}"

        links = {"first": link(1), "last": link(last)}
        if number > 1:
            links["prev"] = link(number - 1)
        if number < last:
            links["next"] = link(number + 1)
        return links

    async def get_send_task(self, request: Request) -> Response:
        if (refused := self.refuse(request)) is not None:
            return refused
        task = self.tasks.get(request.path_params["task_id"])
        if task is None:
            return error_document(404, "Not Found")
        return JSONResponse(
            {
                "jsonapi": {"version": "1.0"},
                "links": {"self": f"/api/v1/send-tasks/{task.id}"},
                "data": task.resource(),
            },
            media_type=JSON_API,
        )


def create_simulator(env: SimulatorEnv) -> Simulator:
    sandbox = LimbobeatSandbox(env)
    app = Starlette(
        routes=[
            Route("/oauth/token", sandbox.issue_token, methods=["POST"]),
            Route("/api/v1/send-tasks", sandbox.list_send_tasks, methods=["GET"]),
            Route("/api/v1/send-tasks/{task_id}", sandbox.get_send_task, methods=["GET"]),
        ]
    )
    return Simulator(app=app, render_error=render_error)
