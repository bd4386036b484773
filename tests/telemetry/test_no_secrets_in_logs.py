"""At DEBUG, with every library talking, no secret reaches the log (issue 17).

A real `gateway serve` process logs JSON at DEBUG while it calls each upstream over loopback,
with every source configured as a real upstream would be (URL and credentials in the
environment). The upstreams are the sandbox's simulators, served here behind a listener that
keeps every token they hand out (Xandr's `Set-Cookie: IBAPI_SESSID=…` among them); the test
then looks for each of them, for every configured secret and for the caller's own token (also
sent in a WebSocket's `connection_init`), in everything the process wrote. `test_redaction.py`
holds the library lines that once leaked.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from gateway.sandbox.app import create_sandbox
from gateway.sources.registry import SOURCES
from tests.conftest import as_user
from tests.processes import Served, clean_env, free_port, gateway_command

QUERIES = {
    "limbobeat": "{ sendTasks(first: 3) { edges { node { product { name } } } } }",
    "xandr": "{ inventoryLists(first: 2) { totalCount } }",
    "interchange": '{ workItems(sourceIds: ["retail-modular"]) { __typename } }',
    "blueworks": "{ workInstances(type: OPEN, first: 2) { __typename } }",
    "vionlabs": "{ tasks(first: 3) { edges { node { __typename } } } }",
}
METRICS_TOKEN = "metrics-bearer-7f3a9c"


class TokenListener:
    """Keeps what the simulators hand out: cookies, and token-like fields of JSON bodies."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.issued: dict[str, set[str]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        source = scope["path"].strip("/").split("/")[0]
        found = self.issued.setdefault(source, set())
        body = bytearray()

        async def listening(message: Message) -> None:
            if message["type"] == "http.response.start":
                for name, value in message.get("headers", []):
                    if name.lower() == b"set-cookie":
                        cookie = SimpleCookie(value.decode("latin-1"))
                        found.update(morsel.value for morsel in cookie.values())
            elif message["type"] == "http.response.body":
                body.extend(message.get("body", b""))
                if not message.get("more_body"):
                    found.update(_tokens_in(bytes(body)))
            await send(message)

        await self.app(scope, receive, listening)


def _tokens_in(body: bytes) -> Iterator[str]:
    try:
        document = json.loads(body)
    except ValueError:
        return
    stack: list[Any] = [document]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str) and ("token" in key.lower() or "sess" in key.lower()):
                    yield item
                else:
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)


@pytest.fixture(scope="module")
def upstreams() -> Iterator[tuple[str, TokenListener]]:
    """The simulators over loopback, as the real upstreams would be reached."""
    listener = TokenListener(
        create_sandbox({spec.name: spec.simulator for spec in SOURCES}, seed=7, size=20)
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    config = uvicorn.Config(listener, log_config=None, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the upstreams did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", listener
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def upstream_environment(base: str) -> dict[str, str]:
    """Every source configured as a real upstream: its URL and its credentials."""
    env = {"GATEWAY_METRICS_TOKEN": METRICS_TOKEN}
    for spec in SOURCES:
        values = {
            **spec.sandbox_defaults,
            **spec.sandbox_credentials,
            "base_url": f"{base}/{spec.name}",
        }
        for field, value in values.items():
            text = value if isinstance(value, str) else json.dumps(value)
            env[f"GATEWAY_{spec.name.upper()}__{field.upper()}"] = text
    return env


def test_no_secret_or_upstream_token_reaches_the_debug_log(
    upstreams: tuple[str, TokenListener], tmp_path: Path
) -> None:
    base, listener = upstreams
    port = free_port()
    env = upstream_environment(base)
    served = Served(
        gateway_command("serve", "--port", str(port)),
        port,
        tmp_path,
        clean_env(**env, GATEWAY_LOG_LEVEL="DEBUG", GATEWAY_LOG_FORMAT="json"),
    ).wait_healthy()
    caller = as_user("demo@example.com")
    try:
        for source, query in QUERIES.items():
            response = httpx.post(
                f"{served.base}/graphql", json={"query": query}, headers=caller, timeout=15
            )
            assert response.status_code == 200 and "errors" not in response.json(), (
                source,
                response.text,
            )
        metrics = httpx.get(
            f"{served.base}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}
        )
        assert metrics.status_code == 200
        subscribe_over_websocket(port, caller["Authorization"])
    finally:
        served.stop()

    log = served.log_path.read_text()
    configured = {
        k: v for k, v in env.items() if k.endswith(("PASSWORD", "SECRET", "KEY", "TOKEN"))
    }
    issued = {source: tokens for source, tokens in listener.issued.items() if tokens}
    # The test sees what it looks for: tokens were handed out, and the lines that would show
    # them (DEBUG lines, the upstream calls, the requests) were written.
    assert {"limbobeat", "xandr", "blueworks"} <= set(issued)
    assert len(configured) >= 6
    assert '"level": "DEBUG"' in log
    assert log.count('"event": "upstream_call"') >= len(QUERIES)
    assert log.count('"event": "graphql_request"') == len(QUERIES)
    for name, secret in configured.items():
        assert secret not in log, f"{name} is in the log"
    for source, tokens in issued.items():
        for token in tokens:
            assert token not in log, f"a token {source} issued is in the log"
    token = caller["Authorization"].split()[1]
    assert token not in log
    # The WebSocket's frames were logged, its connection_init among them, but not their content:
    # the library elides a long frame's middle, which would show the token's last characters.
    assert log.count('"event": "graphql_websocket"') == 1 and "< TEXT" in log
    assert token[-12:] not in log


def subscribe_over_websocket(port: int, authorization: str) -> None:
    """A dashboard's WebSocket: the token in `connection_init`, one subscription, closed."""
    url = f"ws://127.0.0.1:{port}/graphql"
    with connect(url, subprotocols=[Subprotocol("graphql-transport-ws")]) as ws:
        init = {"type": "connection_init", "payload": {"Authorization": authorization}}
        ws.send(json.dumps(init))
        assert json.loads(ws.recv(timeout=15))["type"] == "connection_ack"
        query = (
            'subscription Watch { sendTaskChanged(ids: ["U2VuZFRhc2s6NTAwMQ=="]) { __typename } }'
        )
        ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        assert json.loads(ws.recv(timeout=15))["type"] == "next"
