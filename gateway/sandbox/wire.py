"""Reading requests the way every simulator does; each simulator renders its own refusals."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request


async def json_or(request: Request, default: Any = None) -> Any:
    """The request's JSON body, or `default` when it is empty or not JSON."""
    try:
        return await request.json()
    except ValueError:
        return default


def bearer_token(request: Request) -> str | None:
    """The token of an `Authorization: Bearer …` header (any case of the scheme), else None."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token if scheme.lower() == "bearer" else None


def int_params(request: Request, defaults: Mapping[str, int]) -> dict[str, int] | None:
    """Integer query parameters, each with its default; None when one given is not an integer."""
    try:
        return {
            name: int(request.query_params.get(name, str(default)))
            for name, default in defaults.items()
        }
    except ValueError:
        return None
