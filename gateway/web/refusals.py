"""Refusals at the HTTP level, answered as GraphQL JSON bodies with `extensions.code`."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from gateway.metrics import observe_graphql_error
from gateway.telemetry import note_error_code

logger = logging.getLogger(__name__)

JSON = "application/json"


def error_entry(message: str, code: str, **extensions: Any) -> dict[str, Any]:
    """One entry of a GraphQL response's `errors`."""
    return {"message": message, "extensions": {"code": code, **extensions}}


def limit(name: str, maximum: int, found: int | None) -> dict[str, Any]:
    """`extensions.limit` of a refusal for a limit: which one, its maximum and what was found."""
    return {"name": name, "max": maximum, "found": found}


class HTTPRefusal(Exception):
    """A request refused before any operation ran: an HTTP status and one GraphQL error."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str = "BAD_REQUEST",
        headers: Mapping[str, str] | None = None,
        **extensions: Any,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})
        self.extensions = extensions

    def body(self) -> bytes:
        entry = error_entry(self.message, self.code, **self.extensions)
        return json.dumps({"errors": [entry]}, separators=(",", ":")).encode()

    def response(self, media_type: str = JSON) -> Response:
        # One line per refusal, as for every GraphQL error; the metric counts it by code.
        logger.info("request refused (%s, HTTP %d): %s", self.code, self.status, self.message)
        observe_graphql_error(self.code, None)
        note_error_code(self.code)
        return Response(
            self.body(),
            status_code=self.status,
            media_type=f"{media_type}; charset=utf-8",
            headers=self.headers,
        )
