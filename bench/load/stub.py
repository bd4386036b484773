"""The load benchmark's upstreams: the sandbox's simulators behind a replay memo, on its own core.

The simulators give every upstream's real paths, payloads, auth flows and seed data, but they
build each answer from scratch (a millisecond or more), which would make them, not the gateway,
the bottleneck at thousands of upstream calls a second. So the first answer to each distinct
GET (method, path, query and the headers that matter: credentials, acting user) is kept and
replayed afterwards; writes, token fetches and anything not 2xx always reach the simulators.
Every request waits the configured delay first, and is counted per source and route.

`python -m bench.load.stub --port P --size N` (the benchmark starts it); controls:
`GET|DELETE /_bench/calls`, `PUT /_bench/delay?ms=20`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from collections import Counter
from typing import Any
from urllib.parse import parse_qs

import httpx
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.sandbox.app import create_sandbox
from gateway.sources.registry import SOURCES

# Headers that change per request without changing the answer; everything else keys the memo.
VOLATILE = frozenset(
    {
        b"user-agent",
        b"accept-encoding",
        b"connection",
        b"content-length",
        b"host",
        b"traceparent",
        b"tracestate",
        b"baggage",
        b"x-request-id",
    }
)
_ID_SEGMENT = re.compile(r"/[^/]*\d[^/]*")
Reply = tuple[int, list[tuple[bytes, bytes]], bytes]


class ReplayStub:
    """An ASGI app: replays the simulators' GET answers, counts every call, adds a delay."""

    def __init__(self, sandbox: ASGIApp, delay_ms: float = 0.0) -> None:
        self.sandbox = sandbox
        self.delay_s = delay_ms / 1000
        self.memo: dict[tuple[Any, ...], Reply] = {}
        self.calls: Counter[str] = Counter()
        self.routes: Counter[str] = Counter()
        self.misses = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/_bench/"):
            await self._control(scope, send)
            return
        method: str = scope["method"]
        source = path.split("/", 2)[1]
        self.calls[source] += 1
        self.routes[f"{source} {method} {_ID_SEGMENT.sub('/{id}', path[len(source) + 1 :])}"] += 1
        if self.delay_s:
            await asyncio.sleep(self.delay_s)
        key = None
        if method == "GET":
            headers = tuple(sorted(h for h in scope["headers"] if h[0] not in VOLATILE))
            key = (path, scope["query_string"], headers)
            reply = self.memo.get(key)
            if reply is not None:
                await _send(send, reply)
                return
        reply = await self._ask_sandbox(scope, receive)
        if key is not None and 200 <= reply[0] < 300:
            self.memo[key] = reply
        await _send(send, reply)

    async def _ask_sandbox(self, scope: Scope, receive: Receive) -> Reply:
        self.misses += 1
        status, headers, body = 500, [], bytearray()

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))

        await self.sandbox(scope, receive, capture)
        return status, headers, bytes(body)

    async def _control(self, scope: Scope, send: Send) -> None:
        path, method = scope["path"], scope["method"]
        if path == "/_bench/delay" and method == "PUT":
            query = parse_qs(scope["query_string"].decode())
            self.delay_s = float(query.get("ms", ["0"])[0]) / 1000
        elif path == "/_bench/calls" and method == "DELETE":
            self.calls.clear()
            self.routes.clear()
            self.misses = 0
        figures = {
            "calls": dict(self.calls),
            "routes": dict(self.routes.most_common()),
            "misses": self.misses,
            "memo": len(self.memo),
            "delayMs": self.delay_s * 1000,
        }
        body = json.dumps(figures).encode()
        await _send(send, (200, [(b"content-type", b"application/json")], body))

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self._open_limits()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _open_limits(self) -> None:
        """The simulators' own rate limits would throttle the benchmark, not the gateway."""
        transport = httpx.ASGITransport(self.sandbox)
        async with httpx.AsyncClient(transport=transport, base_url="http://stub") as http:
            limits = {"rateLimitPerMinute": 1_000_000}
            await http.put("/interchange/_sandbox/mode", json=limits)


async def _send(send: Send, reply: Reply) -> None:
    status, headers, body = reply
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--size", type=int, default=1000, help="sandbox seed size per source")
    parser.add_argument("--seed", type=int, default=20261123)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    sandbox = create_sandbox(
        {spec.name: spec.simulator for spec in SOURCES}, seed=args.seed, size=args.size
    )
    uvicorn.run(
        ReplayStub(sandbox, args.delay_ms),
        host=args.host,
        port=args.port,
        loop="auto",
        http="auto",
        access_log=False,
        log_level="warning",
        # Thousands of keep-alive connections from the gateway's pools are expected.
        backlog=4096,
    )


if __name__ == "__main__":
    main()
