"""One gateway on its own event loop, for hypothesis tests whose examples share it."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from gateway.app import create_app
from gateway.config import Settings


class Harness:
    """Starting a gateway per example would be slow; this one serves every example."""

    def __init__(self, settings: Settings) -> None:
        self.loop = asyncio.new_event_loop()
        self.manager, self.http = self.loop.run_until_complete(self._start(settings))

    @staticmethod
    async def _start(settings: Settings) -> tuple[LifespanManager, httpx.AsyncClient]:
        manager = LifespanManager(create_app(settings))
        await manager.__aenter__()
        transport = httpx.ASGITransport(app=manager.app)
        http = httpx.AsyncClient(transport=transport, base_url="http://gateway.test")
        # Hundreds of reads in a few seconds: Interchange's 100 calls a minute would throttle.
        limits = {"rateLimitPerMinute": 100_000}
        assert (await http.put("/sandbox/interchange/_sandbox/mode", json=limits)).is_success
        return manager, http

    def post(self, query: str, variables: dict[str, Any] | None = None) -> httpx.Response:
        """The query with the debug header (upstream calls and cost in `extensions`)."""
        body = {"query": query, "variables": variables or {}}
        headers = {"x-gateway-debug": "calls"}
        post = self.http.post("/graphql", json=body, headers=headers, timeout=30)
        return self.loop.run_until_complete(post)

    def close(self) -> None:
        self.loop.run_until_complete(self.http.aclose())
        self.loop.run_until_complete(self.manager.__aexit__(None, None, None))
        self.loop.close()
