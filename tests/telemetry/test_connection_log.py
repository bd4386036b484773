"""One log line per WebSocket connection, when it closes: a dashboard's socket is not invisible."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from pydantic import SecretStr

from gateway.callers.dev_key import mint_development_token
from gateway.callers.settings import AuthSettings
from tests.conftest import gid
from tests.live.client import LiveServer, connected
from tests.live.conftest import live_settings
from tests.telemetry.conftest import LogBuffer

InstallLog = Callable[..., LogBuffer]

# Authentication on, development tokens accepted (as in production, a token is required).
AUTH = AuthSettings(
    jwt_secret=SecretStr("connection-log-secret-of-32-chars!"),
    algorithms=["HS256"],
    clock_skew_s=0,
)
DASHBOARD = """
subscription Dashboard { taskChanged(filter: {sources: [LIMBOBEAT]}) {
  __typename ... on TaskSnapshot { reason } } }
"""
WATCH = "subscription Watch($ids: [ID!]!) { sendTaskChanged(ids: $ids) { __typename } }"
CLOSES = 'gateway_websocket_connections_total{close_code="%s"}'
EXPIRED = (4401, "gateway", "UNAUTHENTICATED: the token has expired")


async def start(**settings: Any) -> LiveServer:
    return await LiveServer(live_settings(**settings)).start()


async def connection_line(log: LogBuffer) -> dict[str, Any]:
    """The connection's line, written once the server has seen the socket close."""
    deadline = time.monotonic() + 10
    while not (lines := [r for r in log.records() if r.get("event") == "graphql_websocket"]):
        assert time.monotonic() < deadline, "no graphql_websocket line"
        await asyncio.sleep(0.02)
    (line,) = lines
    return line


def ending(line: dict[str, Any]) -> tuple[int, str, str]:
    return line["close_code"], line["closed_by"], line["close_reason"]


def assert_not_logged(token: str, log: LogBuffer) -> None:
    """Neither the token nor its signature (the part that makes it a credential)."""
    assert token not in log.text() and token.split(".")[2] not in log.text()


async def closes(server: LiveServer, code: str) -> float:
    for line in (await server.http.get("/metrics")).text.splitlines():
        if line.startswith(CLOSES % code + " "):
            return float(line.split()[-1])
    return 0.0


async def test_a_dashboards_websocket_logs_its_caller_subscriptions_and_close(
    gateway_log: InstallLog,
) -> None:
    log = gateway_log("INFO", "json")
    server = await start(auth=AUTH)
    token = mint_development_token("ana@example.com", ["work:read"], user="ana@example.com")
    try:
        before = await closes(server, "1000")
        async with connected(server, **{"X-Request-Id": "dash-ws-1"}) as ws:
            assert (await ws.init({"Authorization": f"Bearer {token}"}))["type"] == "connection_ack"
            await ws.subscribe("1", DASHBOARD)
            assert (await ws.event("1"))["reason"] == "INITIAL"
            await ws.subscribe("2", WATCH, {"ids": [gid("SendTask", "5001")]})
            await ws.event("2")
            await ws.complete("2")
            await ws.subscribe("3", DASHBOARD)
            await ws.event("3")
            await asyncio.sleep(0.2)
        # The client closes normally (1000) as a dashboard's tab does.
        line = await connection_line(log)
        after = await closes(server, "1000")
    finally:
        await server.stop()

    assert line["logger"] == "gateway.requests" and line["level"] == "INFO"
    assert line["request_id"] == "dash-ws-1"
    assert line["caller"] == "ana@example.com" and line["caller_method"] == "jwt"
    assert line["user"] == "ana@example.com" and line["client"] == "127.0.0.1"
    assert line["accepted"] is True
    assert line["subscriptions"] == 3 and line["operations"] == 3
    assert line["operation_names"] == ["Watch", "Dashboard"]
    assert ending(line) == (1000, "client", "")
    assert line["error_codes"] == []
    assert 200 <= line["duration_ms"] < 60_000
    assert_not_logged(token, log)
    assert after == before + 1


async def test_a_refused_token_is_logged_with_the_close_code_and_never_the_token(
    gateway_log: InstallLog,
) -> None:
    log = gateway_log("INFO", "json")
    server = await start(auth=AUTH)
    # Well formed and signed, but expired a minute ago.
    token = mint_development_token("ana@example.com", ["work:read"], now=time.time() - 3660)
    try:
        before = await closes(server, "4401")
        async with connected(server) as ws:
            await ws.send(
                {"type": "connection_init", "payload": {"Authorization": f"Bearer {token}"}}
            )
            code, _ = await ws.closed()
            handshake = ws.socket.response
        line = await connection_line(log)
        after = await closes(server, "4401")
    finally:
        await server.stop()

    assert code == 4401
    assert ending(line) == EXPIRED
    assert line["error_codes"] == ["UNAUTHENTICATED"] and line["caller"] is None
    assert line["accepted"] is True and line["subscriptions"] == 0
    assert_not_logged(token, log)
    # The handshake answered with the connection's request id, and the refusal's line has it.
    assert handshake is not None and handshake.headers["x-request-id"] == line["request_id"]
    refusal = [r for r in log.records() if r["message"].startswith("websocket refused")]
    assert [r["request_id"] for r in refusal] == [line["request_id"]]
    assert after == before + 1


async def test_a_token_expiring_mid_stream_is_logged_as_the_gateways_4401(
    gateway_log: InstallLog,
) -> None:
    log = gateway_log("INFO", "json")
    server = await start(auth=AUTH)
    token = mint_development_token("ana@example.com", ["work:read"], lifetime_s=2)
    try:
        async with connected(server) as ws:
            assert (await ws.init({"Authorization": f"Bearer {token}"}))["type"] == "connection_ack"
            await ws.subscribe("1", DASHBOARD)
            code, _ = await ws.closed(timeout_s=10)
        line = await connection_line(log)
    finally:
        await server.stop()

    assert code == 4401
    assert ending(line) == EXPIRED
    assert line["caller"] == "ana@example.com" and line["error_codes"] == ["UNAUTHENTICATED"]
    assert line["subscriptions"] == 1 and line["operation_names"] == ["Dashboard"]
    assert_not_logged(token, log)


async def test_a_handshake_from_another_origin_is_logged_as_refused(
    gateway_log: InstallLog,
) -> None:
    log = gateway_log("INFO", "text")
    server = await start()
    try:
        refused = False
        try:
            async with connected(server, Origin="https://elsewhere.example.com"):
                pass
        except Exception:  # websockets' InvalidStatus: the handshake got HTTP 403
            refused = True
        deadline = time.monotonic() + 10
        while "graphql websocket" not in log.text():
            assert time.monotonic() < deadline, "no graphql websocket line"
            await asyncio.sleep(0.02)
    finally:
        await server.stop()

    assert refused
    (line,) = [ln for ln in log.text().splitlines() if "graphql websocket" in ln]
    assert line.startswith("INFO gateway.requests [")
    assert "graphql websocket refused at the handshake, closed 1008 by gateway after" in line
