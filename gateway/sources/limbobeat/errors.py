"""Reads limbo/Beat's JSON:API error documents into the gateway's error tree."""

from __future__ import annotations

import httpx
from pydantic import ValidationError

from gateway.errors import FieldProblem, GatewayError, NotFound, UpstreamRejected
from gateway.http import error_for_status
from gateway.sources.limbobeat.payloads import ErrorDocumentPayload, ErrorObjectPayload

PRODUCT_NOT_ACTIVE = "PRODUCT_NOT_ACTIVE"
DUPLICATE_IN_PROGRESS = "DUPLICATE_IN_PROGRESS"


def field_of(error: ErrorObjectPayload) -> str | None:
    """The attribute or relationship a pointer names; None for the document as a whole."""
    if error.source is None:
        return None
    if error.source.pointer:
        # "/data/attributes/delivery-type" -> "delivery-type"; "/data/relationships/product/data"
        # -> "product"; "/data" or "/data/type" -> None (not an input field).
        parts = [p for p in error.source.pointer.split("/") if p]
        if len(parts) >= 3 and parts[1] in ("attributes", "relationships"):
            return parts[2]
        return None
    return error.source.parameter


def code_of(error: ErrorObjectPayload, field: str | None) -> str:
    """A stable code: the upstream's own when it sends one, else read from the detail.

    The reference documents the two business rules but not their wording or a code
    (ASSUMPTION: 422 with a detail), so the detail's words are the only signal.
    """
    if error.code:
        return error.code.upper().replace("-", "_")
    detail = (error.detail or error.title or "").lower()
    if "progress" in detail:
        return DUPLICATE_IN_PROGRESS
    if field == "product" and "active" in detail:
        return PRODUCT_NOT_ACTIVE
    if "required" in detail:
        return "REQUIRED"
    if "not exist" in detail or "not found" in detail:
        return "NOT_FOUND"
    return "INVALID"


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
                field=field_of(e),
                message=e.detail or e.title or "invalid",
                code=code_of(e, field_of(e)),
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
