"""What limbo/Beat answers with: JSON:API documents, its error documents, and faults in them.

Part of the simulator (reference: shared/upstreams/send-tasks.md, Errors).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from gateway.sources.limbobeat.simulator.state import JSON_API


def document(body: dict[str, Any], status: int = 200, **headers: str) -> Response:
    return JSONResponse(
        {"jsonapi": {"version": "1.0"}, **body},
        status_code=status,
        media_type=JSON_API,
        headers=headers or None,
    )


def error_document(status: int, title: str, detail: str | None = None, **source: str) -> Response:
    """One JSON:API error object; `status` is a string on this wire (reference: Errors)."""
    error: dict[str, Any] = {"status": str(status), "title": title}
    if detail:
        error["detail"] = detail
    if source:
        error["source"] = source
    return document({"errors": [error]}, status)


def unprocessable(detail: str, pointer: str | None = None) -> Response:
    if pointer is None:
        return error_document(422, "Unprocessable Entity", detail)
    return error_document(422, "Unprocessable Entity", detail, pointer=pointer)


def problems(errors: list[tuple[str, str]]) -> Response:
    """Every refused field at once, each with its `source.pointer` (reference: Errors)."""
    return document(
        {
            "errors": [
                {
                    "detail": detail,
                    "source": {"pointer": pointer},
                    "status": "422",
                    "title": "Unprocessable Entity",
                }
                for pointer, detail in errors
            ]
        },
        422,
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


def bad_parameter(detail: str, parameter: str) -> Response:
    return error_document(400, "Invalid Query Parameter", detail, parameter=parameter)
