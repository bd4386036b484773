"""What Xandr answers with: the `response` envelope of reads, writes and errors, faults in it.

Part of the simulator (reference: shared/upstreams/xandr-inventory-lists.md, Response envelope
and Errors).
"""

from __future__ import annotations

import time
from typing import Any

from starlette.responses import JSONResponse, Response

ERROR_STATUS = {
    "NOAUTH": 401,
    "NOAUTH_DISABLED": 401,
    "NOAUTH_EXPIRED": 401,
    "UNAUTH": 403,
    "SYNTAX": 400,
    "INTEGRITY": 400,
    "LIMIT": 400,
    "SYSTEM": 500,
}


class Refused(Exception):
    """Raised by a handler's helpers; the handler answers with `response`."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def dbg_info(output_term: str | None = None) -> dict[str, Any]:
    """Internal debugging block every answer carries (reference: Response envelope)."""
    return {
        "instance": "sandbox.xandr.test",
        "version": "1.18.sandbox",
        "warnings": [],
        "output_term": output_term,
        "time": round(time.perf_counter() % 1000, 3),
    }


def ok(body: dict[str, Any], *, output_term: str | None = None, **headers: str) -> Response:
    inner = {"status": "OK", **body, "dbg_info": dbg_info(output_term)}
    return JSONResponse({"response": inner}, headers=headers or None)


def error(
    error_id: str,
    message: str,
    *,
    status: int | None = None,
    error_code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    inner: dict[str, Any] = {"error_id": error_id, "error": message}
    if error_code:
        inner["error_code"] = error_code
    inner["dbg_info"] = dbg_info()
    return JSONResponse(
        {"response": inner},
        status_code=status if status is not None else ERROR_STATUS.get(error_id, 400),
        headers=headers,
    )


def syntax(message: str) -> Refused:
    return Refused(error("SYNTAX", message))


def not_found(what: str) -> Refused:
    # No documented id for not-found: 404 with SYNTAX (reference: Errors, ASSUMPTION).
    return Refused(error("SYNTAX", f"{what} not found", status=404))


def render_error(status: int, message: str, headers: dict[str, str]) -> Response:
    """Sandbox faults in Xandr's envelope; a faulted 503 is an outage (no x-ratelimit-code)."""
    if status == 429:
        return error(
            "SYSTEM",
            "Rate limit exceeded",
            status=429,
            error_code="RATE_EXCEEDED",
            headers=headers | {"x-ratelimit-code": "429"},
        )
    by_status = {401: "NOAUTH", 403: "UNAUTH", 400: "SYNTAX", 404: "SYNTAX", 422: "SYNTAX"}
    return error(by_status.get(status, "SYSTEM"), message, status=status, headers=headers)


def read_answer(
    records: list[dict[str, Any]],
    *,
    total: int,
    start: int,
    size: int,
    keys: tuple[str, str],
    single: bool,
) -> Response:
    """A read: `count`, the echoed window, and the singular key for a one-id lookup."""
    plural, singular = keys
    body: dict[str, Any] = {"count": total, "start_element": start, "num_elements": size}
    if single and records:
        body[singular] = records[0]
    else:
        body[plural] = records
    return ok(body, output_term=singular if single else plural)
