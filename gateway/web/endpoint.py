"""`mount_graphql`: puts the GraphQL-over-HTTP endpoint and its body bound on an app."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from starlette.exceptions import HTTPException
from starlette.responses import Response
from strawberry.schema.base import BaseSchema

from gateway.callers.authenticate import Authenticator
from gateway.graphiql.page import GraphiQLPage
from gateway.limits.rate import RateLimiter
from gateway.limits.settings import RequestLimits
from gateway.web.body import BoundedBody
from gateway.web.documents import documents_for
from gateway.web.refusals import HTTPRefusal
from gateway.web.router import GraphQLOverHTTP

PATH = "/graphql"


def mount_graphql(
    app: FastAPI,
    schema: BaseSchema,
    limits: RequestLimits,
    *,
    page: GraphiQLPage | None,
    context_getter: Callable[..., Any],
    authenticator: Authenticator | None = None,
    options: Mapping[str, Any] | None = None,
    rate: RateLimiter | None = None,
) -> None:
    """Raises `ManifestError` when the trusted documents manifest cannot be used.

    `authenticator` checks WebSocket `connection_init`s; `options` are the router's subscription
    options (gateway.live.router); `rate` limits each caller's requests.
    """
    router = GraphQLOverHTTP(
        schema,
        page=page,
        limits=limits,
        documents=documents_for(lambda: app.state.store, limits),
        context_getter=context_getter,
        rate=rate,
        **(options or {}),
    )
    router.authenticator = authenticator
    app.include_router(router, prefix=PATH)
    app.add_middleware(BoundedBody, max_bytes=limits.max_body_bytes)
    app.add_exception_handler(HTTPException, _graphql_http_errors)


async def _graphql_http_errors(request: Request, exc: Exception) -> Response:
    """Routing refusals on /graphql (a PUT: 405) as GraphQL bodies; elsewhere FastAPI's own."""
    assert isinstance(exc, HTTPException)
    if request.url.path.rstrip("/") != PATH:
        return await http_exception_handler(request, exc)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        # Starlette names only the first route's method; /graphql takes both.
        headers["Allow"] = "GET, POST"
    return HTTPRefusal(exc.status_code, exc.detail, headers=headers).response()
