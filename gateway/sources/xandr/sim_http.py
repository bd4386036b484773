"""The Xandr sandbox's wire shapes: the response envelope, errors, and query parsing.

Part of the simulator: imports nothing of the gateway.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

PAGE_CAP = 100
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


async def json_body(request: Request, *keys: str) -> Any:
    """The object under the first of `keys` (writes wrap it in the resource key)."""
    try:
        body = await request.json()
    except ValueError:
        raise syntax("request body is not JSON") from None
    for key in keys:
        if isinstance(body, dict) and key in body:
            return body[key]
    raise syntax(f"request body must be wrapped in '{keys[0]}'")


def id_list(raw: str | None) -> list[int]:
    """Comma-separated ids; more than 100 are dropped silently (reference: Batch lookup)."""
    if not raw:
        return []
    try:
        return [int(part) for part in raw.split(",") if part.strip()][:PAGE_CAP]
    except ValueError:
        raise syntax("ids must be integers") from None


def window(request: Request) -> tuple[int, int]:
    """`start_element` and `num_elements`, the latter capped at 100 without an error."""
    try:
        start = int(request.query_params.get("start_element", "0"))
        size = int(request.query_params.get("num_elements", str(PAGE_CAP)))
    except ValueError:
        raise syntax("start_element and num_elements must be integers") from None
    if start < 0 or size < 0:
        raise syntax("start_element and num_elements must not be negative")
    return start, min(size, PAGE_CAP)


def flag(raw: str) -> bool:
    if raw.lower() in ("true", "1"):
        return True
    if raw.lower() in ("false", "0"):
        return False
    raise syntax(f"'{raw}' is not a boolean")


def sort_key(request: Request, fields: tuple[str, ...]) -> tuple[str, bool]:
    """`sort=<field>.asc|desc`; ascending id unless given (reference: Pagination, ASSUMPTION)."""
    raw = request.query_params.get("sort", "id.asc")
    name, _, direction = raw.partition(".")
    if name not in fields or direction not in ("", "asc", "desc"):
        raise syntax(f"cannot sort by '{raw}'")
    return name, direction == "desc"


def sorted_records(
    records: list[dict[str, Any]], name: str, descending: bool
) -> list[dict[str, Any]]:
    by_id = sorted(records, key=lambda r: r["id"])
    # Nulls sort first ascending; ties keep ascending id.
    return sorted(
        by_id,
        key=lambda r: (r.get(name) is not None, r[name] if r.get(name) is not None else 0),
        reverse=descending,
    )


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
