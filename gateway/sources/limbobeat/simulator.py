"""Sandbox of the limbo/Beat distribution API (reference: shared/upstreams/send-tasks.md).

Imports nothing of the gateway but the sandbox kit: it answers as the reference describes, so
the client is tested against the contract rather than against itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from gateway.sandbox.kit import Simulator, SimulatorEnv
from gateway.sources.limbobeat import simulator_writes as writes
from gateway.sources.limbobeat.simulator_store import (
    API,
    JSON_API,
    SendTask,
    Store,
    document,
    error_document,
)

DEMO_EMAIL = "distributor@sandbox.limbobeat.test"
DEMO_PASSWORD = "sandbox-password"  # noqa: S105 - the sandbox's published demo credential
STATIC_TOKEN = "sandbox-limbobeat-token"  # noqa: S105 - the sandbox's published demo credential
# Tokens expire on the sandbox clock, so tests reach expiry by advancing it past this.
TOKEN_LIFETIME_S = 3600
TASK_FILTERS = (
    "id",
    "product-id",
    "status",
    "delivery-type",
    "dsp-upload-identification-id",
    "created-at-gte",
    "created-at-lte",
)
DEFAULT_PAGE_SIZE = 20
# Undocumented cap; 200 like Labelcamp's analogue (reference: ASSUMPTION).
MAX_PAGE_SIZE = 200

Handler = Callable[[Request], Awaitable[Response]]


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


def bad_parameter(detail: str, parameter: str) -> Response:
    return error_document(400, "Invalid Query Parameter", detail, parameter=parameter)


def read_filters(request: Request, allowed: Sequence[str]) -> dict[str, list[str]] | Response:
    """Both `filter[id]=1,2` and `filter[id][]=1&filter[id][]=2` (reference: batch lookup)."""
    filters: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if not key.startswith("filter["):
            continue
        name = key[len("filter[") :].removesuffix("[]").rstrip("]")
        if name not in allowed:
            return bad_parameter(f"Filter parameter {name} is not allowed.", f"filter.{name}")
        filters.setdefault(name, []).extend(v for v in value.split(",") if v)
    return filters


def paged(request: Request, items: Sequence[Any], path: str) -> Response:
    """One page of a collection with Laravel's `meta.page` and `links` (reference: pagination)."""
    try:
        number = int(request.query_params.get("page[number]", "1"))
        size = int(request.query_params.get("page[size]", str(DEFAULT_PAGE_SIZE)))
    except ValueError:
        return bad_parameter("Page parameters must be integers.", "page")
    if not 1 <= size <= MAX_PAGE_SIZE:
        return bad_parameter(f"The page size must be between 1 and {MAX_PAGE_SIZE}.", "page.size")
    if number < 1:
        return bad_parameter("The page number must be at least 1.", "page.number")
    start = (number - 1) * size
    page = items[start : start + size]
    last = max(1, -(-len(items) // size))

    def link(n: int) -> str:
        return f"{API}/{path}?page[number]={n}&page[size]={size}"

    links = {"first": link(1), "last": link(last)}
    if number > 1:
        links["prev"] = link(number - 1)
    if number < last:
        links["next"] = link(number + 1)
    meta = {
        "currentPage": number,
        "from": start + 1 if page else None,
        "lastPage": last,
        "perPage": size,
        "to": start + len(page) if page else None,
        "total": len(items),
    }
    return document({"meta": {"page": meta}, "links": links, "data": [i.resource() for i in page]})


class LimbobeatSandbox:
    """The upstream's tokens and handlers over one `Store`; one instance per sandbox."""

    def __init__(self, env: SimulatorEnv) -> None:
        self.clock = env.clock
        self.tokens: dict[str, datetime] = {}
        self.store = Store.seeded(env.world, env.clock)

    async def issue_token(self, request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        # The grant takes `email`, not `username` (reference: Authentication).
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
            return error_document(406, "Not Acceptable", f"The API only answers {JSON_API}.")
        has_body = request.method in ("POST", "PATCH")
        content_type = request.headers.get("content-type", "").split(";")[0].strip()
        # Enforced on bodies only, although documented for every call (reference: Headers).
        if has_body and content_type != JSON_API:
            return error_document(415, "Unsupported Media Type", f"Send {JSON_API}.")
        return None

    def guarded(self, handler: Handler) -> Handler:
        async def run(request: Request) -> Response:
            refused = self.refuse(request)
            return refused if refused is not None else await handler(request)

        return run

    async def body(self, request: Request) -> Any:
        try:
            return await request.json()
        except ValueError:
            return None

    # -- send tasks ----------------------------------------------------------------------------

    async def list_send_tasks(self, request: Request) -> Response:
        filters = read_filters(request, TASK_FILTERS)
        if isinstance(filters, Response):
            return filters
        tasks = [t for t in self.store.all_tasks() if self.matches(t, filters)]
        return paged(request, tasks, "send-tasks")

    @staticmethod
    def matches(task: SendTask, filters: dict[str, list[str]]) -> bool:
        values = {
            "id": task.id,
            "product-id": task.product_id,
            "status": task.status,
            "delivery-type": task.delivery_type,
            "dsp-upload-identification-id": task.dsp_id,
        }
        day = task.created_at.date().isoformat()
        for name, wanted in filters.items():
            if name == "created-at-gte" and wanted and day < wanted[0]:
                return False
            if name == "created-at-lte" and wanted and day > wanted[0]:
                return False
            if name in values and values[name] not in wanted:
                return False
        return True

    async def get_send_task(self, request: Request) -> Response:
        task = self.store.task(request.path_params["task_id"])
        if task is None:
            return error_document(404, "Not Found")
        return document({"links": {"self": f"{API}/send-tasks/{task.id}"}, "data": task.resource()})

    async def create_send_task(self, request: Request) -> Response:
        return writes.create(self.store, await self.body(request))

    async def update_send_task(self, request: Request) -> Response:
        task_id = request.path_params["task_id"]
        return writes.update(self.store, task_id, await self.body(request))

    async def delete_send_task(self, request: Request) -> Response:
        # Always refused, even for unknown ids (reference: Delete).
        return error_document(422, "Unprocessable Entity", "Cannot delete a send task")

    async def related(self, request: Request) -> Response:
        """`/send-tasks/{id}/<name>` (the resource) and `/relationships/<name>` (its identifier)."""
        task = self.store.task(request.path_params["task_id"])
        if task is None:
            return error_document(404, "Not Found")
        name = request.path_params["name"]
        if name not in writes.RELATED:
            return error_document(404, "Not Found")
        target = (
            self.store.products[task.product_id]
            if name == "product"
            else self.store.dsps[task.dsp_id]
        )
        resource = target.resource()
        if "/relationships/" in request.url.path:
            return document({"data": {"type": resource["type"], "id": resource["id"]}})
        return document({"data": resource})

    # -- products and DSP upload identifications -----------------------------------------------

    def collection(self, kind: str) -> Handler:
        async def run(request: Request) -> Response:
            filters = read_filters(request, ("id",))
            if isinstance(filters, Response):
                return filters
            items = getattr(self.store, kind)
            ids = filters.get("id")
            chosen = [items[k] for k in sorted(items, key=int) if ids is None or k in ids]
            path = "products" if kind == "products" else "dsp-upload-identifications"
            return paged(request, chosen, path)

        return run

    def single(self, kind: str) -> Handler:
        async def run(request: Request) -> Response:
            item = getattr(self.store, kind).get(request.path_params["item_id"])
            if item is None:
                return error_document(404, "Not Found")
            return document({"data": item.resource()})

        return run


def create_simulator(env: SimulatorEnv) -> Simulator:
    sandbox = LimbobeatSandbox(env)
    g = sandbox.guarded
    relation = "{name:str}"
    app = Starlette(
        routes=[
            Route("/oauth/token", sandbox.issue_token, methods=["POST"]),
            Route(f"{API}/send-tasks", g(sandbox.list_send_tasks), methods=["GET"]),
            Route(f"{API}/send-tasks", g(sandbox.create_send_task), methods=["POST"]),
            Route(f"{API}/send-tasks/{{task_id}}", g(sandbox.get_send_task), methods=["GET"]),
            Route(f"{API}/send-tasks/{{task_id}}", g(sandbox.update_send_task), methods=["PATCH"]),
            Route(f"{API}/send-tasks/{{task_id}}", g(sandbox.delete_send_task), methods=["DELETE"]),
            Route(f"{API}/send-tasks/{{task_id}}/{relation}", g(sandbox.related)),
            Route(f"{API}/send-tasks/{{task_id}}/relationships/{relation}", g(sandbox.related)),
            Route(f"{API}/products", g(sandbox.collection("products"))),
            Route(f"{API}/products/{{item_id}}", g(sandbox.single("products"))),
            Route(f"{API}/dsp-upload-identifications", g(sandbox.collection("dsps"))),
            Route(f"{API}/dsp-upload-identifications/{{item_id}}", g(sandbox.single("dsps"))),
        ]
    )
    return Simulator(app=app, render_error=render_error)
