"""Reads the Vionlabs Tasks API's FastAPI-style error bodies into the gateway's error tree."""

from __future__ import annotations

import re

import httpx
from pydantic import ValidationError

from gateway.errors import (
    FieldProblem,
    GatewayError,
    NotFound,
    UpstreamRejected,
    UpstreamUnauthenticated,
)
from gateway.sources.vionlabs.payloads import ErrorPayload, ValidationProblemPayload


def problem_field(problem: ValidationProblemPayload) -> str | None:
    """`["path","product"]` -> "product", `["body","priority"]` -> "priority"; the location
    kind (path, query, body) is dropped because the gateway's inputs are flat arguments."""
    parts = [str(p) for p in problem.loc]
    if parts and parts[0] in ("path", "query", "body", "header"):
        parts = parts[1:]
    return ".".join(parts) or None


def problem_code(problem: ValidationProblemPayload) -> str:
    # FastAPI's `type` ("enum", "value_error.missing") as a SCREAMING_SNAKE code.
    return re.sub(r"[^A-Z0-9]+", "_", problem.type.upper()).strip("_") or "INVALID"


class ApiNotFound(NotFound):
    """A 404 in the API's own error shape (`{"detail": "..."}`): the path was the API's."""


def _read(response: httpx.Response) -> ErrorPayload | None:
    try:
        return ErrorPayload.model_validate_json(response.content)
    except ValidationError:
        return None


def decode_error(response: httpx.Response, source: str) -> GatewayError | None:
    if response.is_success:
        return None
    status = response.status_code
    if status in (401, 403):
        # Older FastAPI stacks answer 403 where newer ones answer 401 (reference: Authentication).
        # The body is not quoted: nothing the upstream says about the key reaches the caller.
        return UpstreamUnauthenticated(f"{source} refused the gateway's API key", source=source)
    body = _read(response)
    detail = body.detail if body is not None else None
    if status == 422 and isinstance(detail, list):
        problems = tuple(
            FieldProblem(field=problem_field(p), message=p.msg or "invalid", code=problem_code(p))
            for p in detail
        )
        summary = "; ".join(f"{p.field or 'request'}: {p.message}" for p in problems)
        return UpstreamRejected(
            f"{source} refused the request ({summary})" if summary else f"{source} refused it",
            source=source,
            problems=problems,
            status=status,
        )
    if status == 404:
        if isinstance(detail, str) and detail:
            return ApiNotFound(f"{source}: {detail}", source=source)
        return NotFound(f"{source}: no such resource", source=source)
    return None
