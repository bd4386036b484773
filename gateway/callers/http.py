"""Caller authentication on HTTP: one identity per request, refusals as GraphQL error bodies."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from starlette.responses import JSONResponse, Response

from gateway.callers.authenticate import Authenticator
from gateway.callers.errors import AuthenticationFailed
from gateway.callers.identity import Identity
from gateway.metrics import observe_graphql_error
from gateway.telemetry import note_error_code

logger = logging.getLogger(__name__)


def client_address(request: Request) -> str | None:
    return request.client.host if request.client is not None else None


def is_ide_page(request: Request) -> bool:
    """Whether a request is for the IDE page: a GET that asks for HTML and runs nothing."""
    accept = request.headers.get("accept", "")
    # A GET naming a persisted document (APQ's `extensions`, `documentId`) runs it: not the page.
    operation = ("query", "extensions", "documentId", "doc_id")
    return (
        request.method == "GET"
        and not any(name in request.query_params for name in operation)
        and ("text/html" in accept or "*/*" in accept)
    )


async def request_identity(authenticator: Authenticator, request: Request) -> Identity:
    """The caller of one GraphQL request; raises `AuthenticationFailed` before any resolver."""
    client = client_address(request)
    if is_ide_page(request):
        # The page itself is static; the operations it sends are authenticated one by one.
        return Identity(subject=None, user=None, scopes=frozenset(), method="anonymous")
    return await authenticator.authenticate(request.headers.items(), client)


async def _refuse(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AuthenticationFailed)
    logger.info("caller refused (%s) from %s: %s", exc.code, client_address(request), exc.reason)
    observe_graphql_error(exc.code, None)
    note_error_code(exc.code)
    body = {"data": None, "errors": [{"message": exc.reason, "extensions": {"code": exc.code}}]}
    headers = {"WWW-Authenticate": exc.challenge()} if exc.status == 401 else {}
    return JSONResponse(body, status_code=exc.status, headers=headers)


def answer_refusals(app: FastAPI) -> None:
    """401 (with `WWW-Authenticate`), 400 or 503, each with a GraphQL-shaped error body."""
    app.add_exception_handler(AuthenticationFailed, _refuse)
