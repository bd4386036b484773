"""`UpstreamHTTP`: one pooled httpx client per upstream, and the path of one call through it.

A call is: build the request, then per attempt (`RetryPolicy`) take a concurrency slot, send it
under the timeout, and check the answer (`check_response`). A per-request deadline, a circuit
breaker or de-duplication of identical reads would each wrap `_attempt` or `request`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from contextlib import AbstractAsyncContextManager, nullcontext
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from gateway.http import bodies
from gateway.http.errors import ErrorDecoder, check_response, no_error_body, transport_errors
from gateway.http.recording import RecordingTransport
from gateway.http.retry import RetryPolicy
from gateway.http.settings import UpstreamSettings

ModelT = TypeVar("ModelT", bound=BaseModel)

Params = Mapping[str, Any] | list[tuple[str, Any]]


class UpstreamHTTP:
    """A pooled httpx client for one upstream, with the gateway's policies applied."""

    def __init__(
        self,
        source: str,
        settings: UpstreamSettings,
        *,
        auth: httpx.Auth | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        decode_error: ErrorDecoder = no_error_body,
        headers: Mapping[str, str] | None = None,
        follow_redirects: bool = False,
    ) -> None:
        if settings.base_url is None:
            raise ValueError(f"{source} has no base URL")
        self.source = source
        self.settings = settings
        self.auth = auth
        self.retry = RetryPolicy.from_settings(settings)
        self._decode_error = decode_error
        inner = transport or httpx.AsyncHTTPTransport(
            limits=httpx.Limits(
                max_connections=settings.max_connections,
                max_keepalive_connections=settings.max_keepalive_connections,
            ),
            retries=0,
        )
        self._client = httpx.AsyncClient(
            base_url=str(settings.base_url).rstrip("/"),
            transport=RecordingTransport(inner, source),
            timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
            headers=dict(headers or {}),
            follow_redirects=follow_redirects,
        )
        # Taken per attempt, so a retry's wait never holds a slot others could use.
        self._slots = asyncio.Semaphore(settings.max_concurrency)

    @property
    def raw(self) -> httpx.AsyncClient:
        """The bare httpx client, for an `httpx.Auth` that must fetch its own token."""
        return self._client

    async def aclose(self) -> None:
        await self._client.aclose()

    async def request(
        self,
        method: str,
        path: str,
        *,
        params: Params | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        authenticated: bool = True,
        batch_size: int | None = None,
        ok_statuses: frozenset[int] = frozenset(),
    ) -> httpx.Response:
        """Send one request; retried only when the method is idempotent and the failure transient.

        Returns a 2xx response (or one in `ok_statuses`); raises a `GatewayError` otherwise.
        """
        method = method.upper()
        with transport_errors(self.source, self.settings.timeout_s):
            request = self._client.build_request(
                method,
                path,
                params=params,
                json=json,
                data=data,
                headers=headers,
                extensions={"batch_size": batch_size} if batch_size is not None else None,
            )

        async def attempt() -> httpx.Response:
            return await self._attempt(request, authenticated, ok_statuses)

        return await self.retry.run(method, attempt)

    async def _attempt(
        self, request: httpx.Request, authenticated: bool, ok_statuses: frozenset[int]
    ) -> httpx.Response:
        timeout_s = self.settings.timeout_s
        with transport_errors(self.source, timeout_s):
            # asyncio's timeout also bounds transports that ignore httpx's (the ASGI transport).
            async with self._slot(authenticated), asyncio.timeout(timeout_s):
                response = await self._client.send(
                    request, auth=self.auth if authenticated else None
                )
        return check_response(response, self.source, self._decode_error, ok_statuses)

    def _slot(self, authenticated: bool) -> AbstractAsyncContextManager[Any]:
        # Token fetches run inside an authenticated request's auth flow, which holds a slot
        # already: they take none, so a bound of one cannot deadlock.
        return self._slots if authenticated else nullcontext()

    # -- reading bodies (gateway.http.bodies, naming this upstream) -----------------------------

    def read_json(self, response: httpx.Response) -> Any:
        return bodies.read_json(response, self.source)

    def parse(self, model: type[ModelT], data: Any) -> ModelT:
        """Validate upstream JSON into its payload model; the report names fields, not values."""
        return bodies.parse(model, data, self.source)

    def parse_as(self, shape: Any, data: Any) -> Any:
        """Like `parse`, for shapes that are not a single model (e.g. `list[TaskPayload]`)."""
        return bodies.parse_as(shape, data, self.source)
