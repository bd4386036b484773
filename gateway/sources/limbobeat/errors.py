"""Reads limbo/Beat's JSON:API error documents into the gateway's error tree."""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from gateway.errors import FieldProblem, GatewayError, NotFound, UpstreamRejected
from gateway.http import error_for_status
from gateway.sources.limbobeat.payloads import ErrorDocumentPayload, ErrorObjectPayload


def _field(error: ErrorObjectPayload) -> str | None:
    if error.source is None:
        return None
    if error.source.pointer:
        # "/data/attributes/delivery-type" -> "delivery-type"
        return error.source.pointer.rstrip("/").rsplit("/", 1)[-1] or None
    return error.source.parameter


def decode_error(response: httpx.Response, source: str) -> GatewayError | None:
    if response.is_success:
        return None
    try:
        document = ErrorDocumentPayload.model_validate_json(response.content)
    except ValidationError:
        return None
    if not document.errors:
        return None
    details = "; ".join(e.detail or e.title or "" for e in document.errors if e.detail or e.title)
    if response.status_code in (400, 422):
        problems = tuple(
            FieldProblem(
                field=_field(e), message=e.detail or e.title or "invalid", code=e.code or "INVALID"
            )
            for e in document.errors
        )
        return UpstreamRejected(
            f"{source} refused the request: {details}" if details else f"{source} refused it",
            source=source,
            problems=problems,
            status=response.status_code,
        )
    if response.status_code == 404:
        return NotFound(f"{source} has no such resource", source=source)
    return error_for_status(response, source)
