"""create_app(settings): the FastAPI app; its lifespan opens and closes the upstream clients."""

from __future__ import annotations

import hmac
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST
from starlette.applications import Starlette
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocket

from gateway.caching.responses import ResponseCache
from gateway.caching.writes import follow_writes
from gateway.callers import Authenticator, build_authenticator
from gateway.callers.http import answer_refusals, request_identity
from gateway.callers.identity import Identity
from gateway.clients import Clients
from gateway.config import ConfigurationError, Settings, load_settings, sandbox_activity_s
from gateway.context import GatewayContext
from gateway.cors import add_cors
from gateway.graphiql import mount_graphiql
from gateway.http.settings import UpstreamSettings
from gateway.limits.rate import rate_limiter
from gateway.live import LiveHub
from gateway.live.router import live_options
from gateway.logs import configure_logging
from gateway.metrics import exposition
from gateway.profile import announce, profile_of, startup_problems
from gateway.readiness import ProbedSource, Readiness
from gateway.sandbox.app import create_sandbox
from gateway.server.heap import settle_after_startup
from gateway.sources.registry import SOURCES
from gateway.state import StateStore, open_store
from gateway.telemetry import (
    OperationNames,
    TelemetryMiddleware,
    Tracing,
    TracingConfigError,
    remember_secrets,
)
from gateway.web.documents import ManifestError
from gateway.web.endpoint import PATH as GRAPHQL_PATH
from gateway.web.endpoint import mount_graphql
from schema import build_schema
from schema.graph.redaction import ErrorPolicy

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
        elif settings.sandbox.mode == "external":
            url = f"{settings.sandbox.external_url.rstrip('/')}/{spec.name}"
            resolved[spec.name] = (spec.sandboxed(section, url), None, "sandbox")
        else:
            resolved[spec.name] = (section, None, "not configured")
    return resolved


def build_sandbox(settings: Settings) -> Starlette | None:
    """The simulators this process serves itself (an `external` sandbox is another process)."""
    if settings.sandbox.mode in ("off", "external"):
        return None
    return create_sandbox(
        {spec.name: spec.simulator for spec in SOURCES},
        seed=settings.sandbox.seed,
        size=settings.sandbox.size,
        time_scale=settings.sandbox.time_scale,
        activity_s=sandbox_activity_s(settings.sandbox, served=settings.sandbox.mode == "loopback"),
    )


def lifespan_for(
    settings: Settings, resolved: Resolved, authenticator: Authenticator, tracing: Tracing
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Opens the state store and one client per reachable upstream, and closes them after."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Per process (each worker runs its own lifespan): the exporter's thread starts here.
        tracing.start()
        # `app.state.store`: the process's StateStore (its `status` and `ping()` serve /readyz).
        app.state.store = await start_store(settings)
        app.state.response_cache.open(app.state.store)
        opened: dict[type[Any], Any] = {}
        unconfigured: dict[type[Any], str] = {}
        for spec in SOURCES:
            section, transport, where = resolved[spec.name]
            if where == "not configured":
                unconfigured[spec.client_type] = spec.name
            else:
                client = spec.open_client(section, transport, app.state.store)
                follow_writes(client.http, spec.name, app.state.store)
                opened[spec.client_type] = client
        app.state.clients = Clients(opened, unconfigured)
        app.state.live = LiveHub(
            settings.live, app.state.store, lambda name: settings.section(name).poll_interval_s
        )
        await app.state.live.start()
        app.state.readiness = Readiness(
            settings.readiness,
            [
                ProbedSource(spec.name, resolved[spec.name][2], opened.get(spec.client_type))
                for spec in SOURCES
            ],
            app.state.store,
        )
        try:
            yield
        finally:
            await app.state.live.aclose()
            await app.state.clients.aclose()
            await app.state.store.aclose()
            await authenticator.aclose()
            tracing.shutdown()

    return lifespan


async def start_store(settings: Settings) -> StateStore:
    store = open_store(settings.state, settings.redis_url)
    # One look now, so an unreachable Redis is logged at start-up rather than at the first call.
    await store.ping()
    shared = "shared through Redis" if store.status.fleet_wide else "this process only"
    logger.info("state store: %s (%s)", store.status.backend, shared)
    return store


def demo_user(settings: Settings, resolved: Resolved) -> str | None:
    """The demo user stands in for anonymous callers only when no real upstream could see it."""
    sandboxed = settings.sandbox.mode != "off" and all(
        where != "upstream" for _, _, where in resolved.values()
    )
    return settings.sandbox_user or None if sandboxed else None


def context_getter(
    settings: Settings, authenticator: Authenticator
) -> Callable[[HTTPConnection], Awaitable[GatewayContext]]:
    debug_calls = profile_of(settings).debug_calls

    async def get_context(connection: HTTPConnection) -> GatewayContext:
        state = connection.app.state
        if isinstance(connection, WebSocket):
            # Authenticated by `connection_init` (gateway.live.websocket); nobody until then.
            return GatewayContext(
                settings=settings,
                clients=state.clients,
                identity=Identity(subject=None, user=None, scopes=frozenset(), method="anonymous"),
                debug_calls=False,
                live=state.live,
                deadline=False,
            )
        assert isinstance(connection, Request)
        streaming = "text/event-stream" in connection.headers.get("accept", "")
        return GatewayContext(
            settings=settings,
            clients=state.clients,
            identity=await request_identity(authenticator, connection),
            debug_calls=debug_calls and "calls" in connection.headers.get(DEBUG_HEADER, ""),
            live=state.live,
            deadline=not streaming,
        )

    return get_context


def create_app_from_env() -> FastAPI:
    """The app from the environment alone: the factory ASGI servers and `serve --workers` load.

    `uvicorn --factory gateway.app:create_app_from_env` (or gunicorn's UvicornWorker with
    `gateway.app:create_app_from_env()`) builds one app per worker process.
    """
    settings = load_settings()
    configure_logging(settings.log_level, profile_of(settings).log_format)
    # A served process: its start-up objects kept out of the collector's way (gateway/server).
    return settle_after_startup(create_app(settings))


def create_app(
    settings: Settings,
    *,
    jwks_transport: httpx.AsyncBaseTransport | None = None,
    tracing: Tracing | None = None,
) -> FastAPI:
    """`jwks_transport` lets tests serve the identity provider's keys in-process, `tracing`
    their in-memory span exporter (otherwise the `OTEL_*` variables decide)."""
    problems = startup_problems(settings)
    if problems:
        raise ConfigurationError("; ".join(problems))
    announce(settings)
    profile = profile_of(settings)
    sandbox = build_sandbox(settings)
    resolved = resolve_sections(settings, sandbox)
    authenticator = build_caller_auth(settings, resolved, jwks_transport)
    tracing = tracing or tracing_from_env()
    remember_secrets(settings, *(section for section, _, _ in resolved.values()))
    app = FastAPI(
        title="Work gateway",
        lifespan=lifespan_for(settings, resolved, authenticator, tracing),
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    add_cors(app, settings)
    answer_refusals(app)
    # Opened on the process's store by the lifespan; off unless GATEWAY_CACHE__RESPONSES.
    responses = app.state.response_cache = ResponseCache(
        settings.cache, [spec.name for spec in SOURCES]
    )
    # Per-caller buckets (gateway.limits.rate): requests at the door, cost units once estimated.
    rate = rate_limiter(settings, lambda: app.state.store, production=profile.production)
    schema = build_schema(
        settings,
        rate=rate,
        introspection=profile.introspection,
        errors=ErrorPolicy(
            suggestions=profile.suggestions, upstream_text=profile.upstream_error_text
        ),
        cache=settings.cache,
        responses=responses,
    )
    try:
        mount_graphql(
            app,
            schema,
            settings,
            page=mount_graphiql(app, settings),
            context_getter=context_getter(settings, authenticator),
            authenticator=authenticator,
            options=live_options(settings),
            rate=rate,
        )
    except ManifestError as exc:
        raise ConfigurationError(f"GATEWAY_TRUSTED_DOCUMENTS_MANIFEST: {exc}") from None
    add_metrics(app, settings)
    # Trusted documents may register their operation names here, ahead of traffic.
    app.state.operation_names = OperationNames(settings.metrics_operation_names)
    # Added last, so it is the outermost middleware: every response gets its X-Request-Id.
    app.add_middleware(
        TelemetryMiddleware,
        tracing=tracing,
        names=app.state.operation_names,
        graphql_path=GRAPHQL_PATH,
    )

    @app.get("/healthz")
    async def healthz(request: Request) -> dict[str, Any]:
        return {
            "status": "ok",
            "state": request.app.state.store.status.as_dict(),
            "sources": {name: where for name, (_, _, where) in resolved.items()},
        }

    @app.get("/readyz")
    async def readyz(request: Request) -> JSONResponse:
        status, body = await request.app.state.readiness.report()
        return JSONResponse(body, status_code=status)

    # Tests reach the simulators' controls here when /sandbox is not served (production).
    app.state.sandbox = sandbox
    # For handshakes that authenticate outside the HTTP context getter (graphql-transport-ws).
    app.state.authenticator = authenticator
    if sandbox is not None and not profile.production:
        app.mount("/sandbox", sandbox)
    return app


def build_caller_auth(
    settings: Settings, resolved: Resolved, jwks_transport: httpx.AsyncBaseTransport | None
) -> Authenticator:
    try:
        return build_authenticator(
            settings.auth,
            production=settings.environment == "production",
            anonymous_user=demo_user(settings, resolved),
            jwks_transport=jwks_transport,
        )
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None


def tracing_from_env() -> Tracing:
    try:
        return Tracing.from_env()
    except TracingConfigError as exc:
        raise ConfigurationError(str(exc)) from None


def add_metrics(app: FastAPI, settings: Settings) -> None:
    """/metrics: open in development; behind `GATEWAY_METRICS_TOKEN`, or absent, in production."""
    token = settings.metrics_token
    if token is None and not profile_of(settings).open_metrics:
        return
    expected = f"Bearer {token.get_secret_value()}".encode() if token is not None else None

    @app.get("/metrics", include_in_schema=False)
    async def metrics(request: Request) -> Response:
        sent = request.headers.get("authorization", "").encode("latin-1")
        if expected is not None and not hmac.compare_digest(sent, expected):
            return Response(status_code=401, headers={"WWW-Authenticate": 'Bearer realm="metrics"'})
        return Response(exposition(), media_type=CONTENT_TYPE_LATEST)
