"""An `UpstreamHTTP` over an `httpx.MockTransport`, recording what reached the 'upstream'."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from gateway.http import ErrorDecoder, UpstreamHTTP, UpstreamSettings, no_error_body

Handler = Callable[[httpx.Request], httpx.Response | Awaitable[httpx.Response]]


def mock_http(
    handler: Handler,
    *,
    auth: httpx.Auth | None = None,
    decode_error: ErrorDecoder = no_error_body,
    **settings: Any,
) -> tuple[UpstreamHTTP, list[httpx.Request]]:
    """The client and the list of requests its transport saw, in order."""
    seen: list[httpx.Request] = []

    async def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = handler(request)
        return answer if isinstance(answer, httpx.Response) else await answer

    http = UpstreamHTTP(
        "upstream",
        UpstreamSettings(base_url="http://upstream.test", **settings),
        auth=auth,
        transport=httpx.MockTransport(record),
        decode_error=decode_error,
    )
    return http, seen


def answers(*responses: httpx.Response) -> Handler:
    """A handler answering with each response in turn, then repeating the last."""
    queue = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        return queue.pop(0) if len(queue) > 1 else queue[0]

    return handler
