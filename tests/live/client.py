"""A real gateway on a free port, and a client that speaks graphql-transport-ws to it.

The server is uvicorn serving `create_app(settings)` on a loopback socket, so WebSocket frames,
close codes and the upgrade go over TCP as with any client; the client is the `websockets`
library with the protocol's messages written out, so each test sees exactly what goes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import uvicorn
from starlette.types import ASGIApp
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from gateway.app import create_app
from gateway.config import Settings
from tests.processes import free_port

PROTOCOL = "graphql-transport-ws"


class LiveServer:
    """`create_app(settings)` (or another ASGI app) served by uvicorn in the test's event loop."""

    def __init__(self, settings: Settings | None = None, *, app: ASGIApp | None = None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/graphql"
        served = app if app is not None else create_app(settings or Settings())
        config = uvicorn.Config(served, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.http = httpx.AsyncClient(base_url=self.base, timeout=10)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> LiveServer:
        self._task = asyncio.create_task(self.server.serve())
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert not self._task.done(), "uvicorn stopped while starting"
            assert time.monotonic() < deadline, "uvicorn did not start"
            await asyncio.sleep(0.01)
        return self

    async def stop(self) -> None:
        await self.http.aclose()
        self.server.should_exit = True
        if self._task is not None:
            await self._task

    async def gql(
        self, query: str, variables: dict[str, Any] | None = None, **headers: str
    ) -> dict[str, Any]:
        response = await self.http.post(
            "/graphql", json={"query": query, "variables": variables or {}}, headers=headers
        )
        body: dict[str, Any] = response.json()
        return body

    async def traffic(self, source: str) -> dict[str, int]:
        """Requests each route of one simulator received (the sandbox's own counters)."""
        stats = (await self.http.get("/sandbox/_stats")).json()
        routes: dict[str, int] = stats.get(source, {}).get("routes", {})
        return routes

    async def reset_traffic(self) -> None:
        await self.http.delete("/sandbox/_stats")

    async def until_traffic(self, source: str, route: str, at_least: int) -> int:
        """Waits for `at_least` requests on one route (a load-proof wait, not a sleep)."""
        deadline = time.monotonic() + 10
        while (count := (await self.traffic(source)).get(route, 0)) < at_least:
            assert time.monotonic() < deadline, f"{count} {route} requests, not {at_least}"
            await asyncio.sleep(0.01)
        return count

    async def until_metric(self, line: str) -> None:
        """Waits until /metrics shows `line` (e.g. `gateway_live_pollers 0.0`)."""
        deadline = time.monotonic() + 10
        while line not in (await self.http.get("/metrics")).text.splitlines():
            assert time.monotonic() < deadline, f"/metrics never showed {line!r}"
            await asyncio.sleep(0.01)


class GraphQLWS:
    """One graphql-transport-ws connection: init, subscribe, read `next`s, complete."""

    def __init__(self, socket: ClientConnection) -> None:
        self.socket = socket

    async def send(self, message: dict[str, Any]) -> None:
        await self.socket.send(json.dumps(message))

    async def receive(self, timeout_s: float = 5.0) -> dict[str, Any]:
        """The next protocol message, answering pings on the way."""
        while True:
            raw = await asyncio.wait_for(self.socket.recv(), timeout_s)
            message: dict[str, Any] = json.loads(raw)
            if message["type"] == "ping":
                await self.send({"type": "pong"})
                continue
            return message

    async def init(self, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        await self.send({"type": "connection_init", "payload": payload or {}})
        return await self.receive()

    async def subscribe(self, id: str, query: str, variables: dict[str, Any] | None = None) -> None:
        payload = {"query": query, "variables": variables or {}}
        await self.send({"id": id, "type": "subscribe", "payload": payload})

    async def next(self, id: str, timeout_s: float = 5.0) -> dict[str, Any]:
        """The `payload` of the next `next` for operation `id` (an `error` fails the test)."""
        while True:
            message = await self.receive(timeout_s)
            if message.get("id") != id:
                continue
            assert message["type"] == "next", message
            payload: dict[str, Any] = message["payload"]
            return payload

    async def event(self, id: str, timeout_s: float = 5.0) -> dict[str, Any]:
        """The subscription field's value in the next `next`; errors fail the test."""
        payload = await self.next(id, timeout_s)
        assert "errors" not in payload, payload
        data: dict[str, Any] = payload["data"]
        (value,) = data.values()
        assert isinstance(value, dict)
        return value

    async def event_where(
        self, id: str, typename: str, timeout_s: float = 5.0, **fields: Any
    ) -> dict[str, Any]:
        """The first event of `typename` whose fields match, skipping others until the timeout."""
        deadline = time.monotonic() + timeout_s
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"no {typename} {fields} within {timeout_s} s"
            event = await self.event(id, left)
            if event["__typename"] == typename and all(
                _dig(event, path) == want for path, want in fields.items()
            ):
                return event

    async def complete(self, id: str) -> None:
        await self.send({"id": id, "type": "complete"})

    async def closed(self, timeout_s: float = 5.0) -> tuple[int | None, str]:
        """The close code and reason the server sent, after reading what came before."""
        with contextlib.suppress(ConnectionClosed):
            async with asyncio.timeout(timeout_s):
                while True:
                    await self.socket.recv()
        return self.socket.close_code, self.socket.close_reason or ""


def _dig(event: dict[str, Any], path: str) -> Any:
    value: Any = event
    for part in path.split("__"):
        value = value.get(part) if isinstance(value, dict) else None
    return value


@contextlib.asynccontextmanager
async def connected(server: LiveServer, **headers: str) -> AsyncIterator[GraphQLWS]:
    protocols = [Subprotocol(PROTOCOL)]
    async with connect(server.ws_url, subprotocols=protocols, additional_headers=headers) as ws:
        yield GraphQLWS(ws)
