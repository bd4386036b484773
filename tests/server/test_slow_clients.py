"""Slow and oversized clients against a real `gateway serve`, over real sockets.

The server runs with deadlines of half a second, so each test waits about that long.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import httpx
import pytest
from websockets.sync.client import connect
from websockets.typing import Subprotocol

from tests.processes import Served, clean_env, free_port, gateway_command

DEADLINE_S = 0.5
GUARD = {
    "GATEWAY_SERVER__HEADER_TIMEOUT_S": str(DEADLINE_S),
    "GATEWAY_SERVER__BODY_TIMEOUT_S": str(DEADLINE_S),
    "GATEWAY_SERVER__KEEPALIVE_TIMEOUT_S": str(DEADLINE_S),
    "GATEWAY_SERVER__MAX_HEADER_COUNT": "20",
    "GATEWAY_SERVER__MAX_HEADER_BYTES": "2048",
}
QUERY = json.dumps({"query": "{ __typename }"}).encode()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    port = free_port()
    command = gateway_command("serve", "--sandbox", "--port", str(port))
    server = Served(command, port, tmp_path_factory.mktemp("serve"), clean_env(**GUARD))
    yield server.wait_healthy()
    server.stop()


def dial(served: Served) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", served.port), timeout=5)
    return sock


def read_until_closed(sock: socket.socket, limit_s: float = 5) -> tuple[bytes, float]:
    """Everything the server sends until it closes, and how long that took."""
    started = time.monotonic()
    sock.settimeout(limit_s)
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received, time.monotonic() - started


def trickle(sock: socket.socket, data: bytes, every_s: float, stop_after_s: float) -> None:
    """Sends `data` a byte at a time until the server hangs up (or `stop_after_s` passes)."""
    deadline = time.monotonic() + stop_after_s
    for byte in data:
        if time.monotonic() > deadline:
            return
        try:
            sock.sendall(bytes([byte]))
        except OSError:
            return
        time.sleep(every_s)


def body_of(response: bytes) -> dict[str, object]:
    decoded: dict[str, object] = json.loads(response.split(b"\r\n\r\n", 1)[1])
    return decoded


def test_a_connection_that_sends_nothing_is_closed_with_408(served: Served) -> None:
    with dial(served) as sock:
        response, waited = read_until_closed(sock)

    assert response.startswith(b"HTTP/1.1 408")
    assert body_of(response)["errors"][0]["extensions"]["code"] == "REQUEST_TIMEOUT"  # type: ignore[index]
    assert DEADLINE_S * 0.8 <= waited < DEADLINE_S * 4


def test_a_client_trickling_its_headers_is_dropped(served: Served) -> None:
    head = b"POST /graphql HTTP/1.1\r\nHost: gateway\r\n" + b"X-Slow: " + b"a" * 200 + b"\r\n"
    with dial(served) as sock:
        started = time.monotonic()
        trickle(sock, head, every_s=0.05, stop_after_s=3)
        response, _ = read_until_closed(sock)

    assert response.startswith(b"HTTP/1.1 408")
    assert time.monotonic() - started < DEADLINE_S * 6


def test_a_client_trickling_its_body_is_dropped_with_one_log_line(served: Served) -> None:
    head = (
        b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(QUERY)).encode() + b"\r\n\r\n"
    )
    with dial(served) as sock:
        sock.sendall(head)
        trickle(sock, QUERY, every_s=0.1, stop_after_s=3)
        response, _ = read_until_closed(sock)

    assert response.startswith(b"HTTP/1.1 408")
    served.wait_for_log("request body too slowly")
    # A request after it is logged after it: by then the dropped one has said all it will.
    httpx.post(f"{served.base}/graphql", json={"query": "query AfterTheSlowBody { __typename }"})
    served.wait_for_log("AfterTheSlowBody")
    log = served.log_text()
    assert log.count("request body too slowly") == 1
    assert "no operation" not in log  # no second line as if a request had been answered
    assert "Traceback" not in log and "Exception in ASGI" not in log


def test_an_idle_keep_alive_connection_is_closed(served: Served) -> None:
    request = (
        b"POST /graphql HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\n"
        b"Content-Length: " + str(len(QUERY)).encode() + b"\r\n\r\n" + QUERY
    )
    with dial(served) as sock:
        sock.sendall(request)
        response, waited = read_until_closed(sock)

    assert response.startswith(b"HTTP/1.1 200")
    assert b'"__typename":"Query"' in response
    # The answer comes at once; the close only after the idle deadline.
    assert DEADLINE_S * 0.8 <= waited < DEADLINE_S * 4


def test_too_many_headers_are_refused_with_431(served: Served) -> None:
    headers = "".join(f"X-H{i}: v\r\n" for i in range(25))
    with dial(served) as sock:
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: gateway\r\n{headers}\r\n".encode())
        response, _ = read_until_closed(sock)

    assert response.startswith(b"HTTP/1.1 431")
    assert "more than 20 headers" in str(body_of(response))


def test_headers_too_large_are_refused_with_431(served: Served) -> None:
    with dial(served) as sock:
        sock.sendall(
            b"GET /healthz HTTP/1.1\r\nHost: gateway\r\nX-Big: " + b"b" * 4000 + b"\r\n\r\n"
        )
        response, _ = read_until_closed(sock)

    assert response.startswith(b"HTTP/1.1 431")


def test_ordinary_requests_and_websockets_still_work(served: Served) -> None:
    answer = httpx.post(
        f"{served.base}/graphql", content=QUERY, headers={"content-type": "application/json"}
    )

    with connect(
        f"ws://127.0.0.1:{served.port}/graphql",
        subprotocols=[Subprotocol("graphql-transport-ws")],
    ) as ws:
        ws.send(json.dumps({"type": "connection_init"}))
        acknowledged = json.loads(ws.recv(timeout=5))
        # Past every request deadline: a WebSocket is not a slow request.
        time.sleep(DEADLINE_S * 2)
        ws.send(json.dumps({"type": "ping"}))
        pong = json.loads(ws.recv(timeout=5))

    assert answer.json() == {"data": {"__typename": "Query"}}
    assert acknowledged["type"] == "connection_ack"
    assert pong["type"] == "pong"
