"""CORS for browser callers: credentials only for listed origins, nothing at all for others."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import PlainTextResponse, Response

from gateway.config import Settings

DEBUG_HEADER = "X-Gateway-Debug"
# A browser app may name its requests and carry its trace across the gateway.
TELEMETRY_HEADERS = ("X-Request-Id", "traceparent", "tracestate")


class ListedOriginsOnly(CORSMiddleware):
    """Starlette's CORS, except that a preflight from an unlisted origin gets no CORS headers.

    Starlette still sends its allowed methods and headers with the refusal; a browser ignores
    them without `Access-Control-Allow-Origin`, but they tell an unlisted site what is allowed.
    """

    def preflight_response(self, request_headers: Headers) -> Response:
        if not self.is_allowed_origin(origin=request_headers["origin"]):
            return PlainTextResponse("Disallowed CORS origin", status_code=400)
        return super().preflight_response(request_headers)


def add_cors(app: FastAPI, settings: Settings) -> None:
    """Credentials (cookies, Authorization) only for listed origins, never for `*`."""
    if not settings.cors_origins:
        return
    app.add_middleware(
        ListedOriginsOnly,
        allow_origins=settings.cors_origins,
        allow_credentials="*" not in settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=[
            "Content-Type",
            "Authorization",
            settings.auth.api_key_header,
            DEBUG_HEADER,
            *TELEMETRY_HEADERS,
        ],
        expose_headers=["WWW-Authenticate", "X-Request-Id"],
    )
