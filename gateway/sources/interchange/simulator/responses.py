"""What Interchange answers with: the `{data, error}` envelope, its error codes, faults in it.

Part of the simulator (reference: shared/upstreams/interchange-work-items.md, Errors).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from gateway.sources.interchange.simulator.state import Mode

CODES = {
    400: "BAD_REQUEST",
    401: "UNAUTHORIZED",
    403: "FORBIDDEN",
    404: "NOT_FOUND",
    409: "CONFLICT",
    422: "VALIDATION_ERROR",
    429: "RATE_LIMITED",
    500: "INTERNAL_ERROR",
    501: "NOT_IMPLEMENTED",
    502: "SERVICE_UNAVAILABLE",
    503: "SERVICE_UNAVAILABLE",
    504: "SERVICE_UNAVAILABLE",
}


class Invalid(Exception):
    """A query parameter the reference's constraints refuse (400 VALIDATION_ERROR + field)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def ok(mode: Mode, data: dict[str, Any]) -> Response:
    return JSONResponse({"data": data, "error": None} if mode.envelope else data)


def failure(
    status: int, code: str, message: str, field: str | None = None, **details: Any
) -> Response:
    error: dict[str, Any] = {"code": code, "message": message}
    if field is not None:
        error["field"] = field
    if details:
        error["details"] = details
    return JSONResponse({"data": None, "error": error}, status_code=status)


def render_error(status: int, message: str, headers: dict[str, str]) -> Response:
    response = failure(status, CODES.get(status, "INTERNAL_ERROR"), message)
    response.headers.update(headers)
    return response
