"""create_app(settings): the FastAPI app; its lifespan opens and closes the upstream clients."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from starlette.applications import Starlette
from strawberry.fastapi import GraphQLRouter

from gateway.clients import Clients
from gateway.config import Settings
from gateway.context import Caller, GatewayContext
from gateway.http.settings import UpstreamSettings
from gateway.sandbox.app import create_sandbox
from gateway.sources.registry import SOURCES
from gateway.state import StateStore, open_store
from schema import build_schema

logger = logging.getLogger(__name__)

DEBUG_HEADER = "x-gateway-debug"
IN_PROCESS_SANDBOX = "http://sandbox.internal"


# Each source: its effective section, its transport, and where it points (for /healthz).
Resolved = dict[str, tuple[UpstreamSettings, httpx.AsyncBaseTransport | None, str]]


def resolve_sections(settings: Settings, sandbox: Starlette | None) -> Resolved:
    """Points each source at its upstream, at the sandbox, or nowhere; checks credentials."""
    settings.check_credentials([spec.name for spec in SOURCES])
    resolved: Resolved = {}
    for spec in SOURCES:
        section = settings.section(spec.name)
        if section.configured:
            resolved[spec.name] = (section, None, "upstream")
        elif sandbox is not None and settings.sandbox.mode == "in_process":
            url = f"{IN_PROCESS_SANDBOX}/{spec.name}"
            resolved[spec.name] = (
                spec.sandboxed(section, url),
                httpx.ASGITransport(sandbox),
                "sandbox",
            )
        elif sandbox is not None:
            url = f"{settings.sandbox.loopback_base_url.rstrip('/')}/sandbox/{spec.name}"
            resolved[spec.name] = (spec.sandboxed(section, url), None, "sandbox")
        else:
            resolved[spec.name] = (section, None, "not configured")
    return resolved


def build_sandbox(settings: Settings) -> Starlette | None:
    if settings.sandbox.mode == "off":
        return None
    return create_sandbox(
        {spec.name: spec.simulator for spec in SOURCES},
        seed=settings.sandbox.seed,
        size=settings.sandbox.size,
        time_scale=settings.sandbox.time_scale,
    )


def lifespan_for(
    settings: Settings, resolved: Resolved
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Opens the state store and one client per reachable upstream, and closes them after."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # `app.state.store`: the process's StateStore (its `status` and `ping()` serve /readyz).
        app.state.store = await start_store(settings)
        opened: dict[type[Any], Any] = {}
        unconfigured: dict[type[Any], str] = {}
        for spec in SOURCES:
            section, transport, where = resolved[spec.name]
            if where == "not configured":
                unconfigured[spec.client_type] = spec.name
            else:
                opened[spec.client_type] = spec.open_client(section, transport)
        app.state.clients = Clients(opened, unconfigured)
        try:
            yield
        finally:
            await app.state.clients.aclose()
            await app.state.store.aclose()

    return lifespan


async def start_store(settings: Settings) -> StateStore:
    store = open_store(settings.state, settings.redis_url)
    # One look now, so an unreachable Redis is logged at start-up rather than at the first call.
    await store.ping()
    shared = "shared through Redis" if store.status.fleet_wide else "this process only"
    logger.info("state store: %s (%s)", store.status.backend, shared)
    return store


def context_getter(
    settings: Settings, resolved: Resolved
) -> Callable[[Request], Awaitable[GatewayContext]]:
    # The demo user stands in for a missing caller only when no real upstream could see it.
    demo_user = settings.sandbox.mode != "off" and all(
        where != "upstream" for _, _, where in resolved.values()
    )

    async def get_context(request: Request) -> GatewayContext:
        user = request.headers.get(settings.caller_header)
        if user is None and demo_user:
            user = settings.sandbox_user
        return GatewayContext(
            settings=settings,
            clients=request.app.state.clients,
            caller=Caller(user=user),
            debug_calls=settings.debug_calls_allowed
            and "calls" in request.headers.get(DEBUG_HEADER, ""),
        )

    return get_context


def create_app(settings: Settings) -> FastAPI:
    sandbox = build_sandbox(settings)
    resolved = resolve_sections(settings, sandbox)
    app = FastAPI(
        title="Work gateway",
        lifespan=lifespan_for(settings, resolved),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=["*"],
        )
    router: GraphQLRouter[GatewayContext, None] = GraphQLRouter(
        build_schema(max_depth=settings.max_query_depth),
        context_getter=context_getter(settings, resolved),
        graphql_ide="graphiql",
        allow_queries_via_get=True,
    )
    app.include_router(router, prefix="/graphql")

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)

    @app.get("/healthz")
    async def healthz(request: Request) -> dict[str, Any]:
        return {
            "status": "ok",
            "state": request.app.state.store.status.as_dict(),
            "sources": {name: where for name, (_, _, where) in resolved.items()},
        }

    if sandbox is not None:
        app.mount("/sandbox", sandbox)
    return app
