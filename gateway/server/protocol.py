"""uvicorn's httptools protocol with deadlines for a request's head and body, and head caps.

uvicorn alone waits forever for a client that trickles its request line, headers or body (its
keep-alive timeout only runs between requests), and httptools takes headers of any number and
size. Here a connection must send each request's head within `header_timeout_s` of its first
byte (or of the connection's start), and its body within `body_timeout_s` of the head; a head
with more than `max_header_count` headers or `max_header_bytes` bytes is refused with 431. A
dropped client gets a GraphQL-shaped 408 or 431 when nothing was answered yet, and costs one log
line. WebSocket upgrades leave the guard at the handshake.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Literal, cast

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol
from uvicorn.server import ServerState

from gateway.server.settings import ServerSettings

logger = logging.getLogger(__name__)

Phase = Literal["head", "body"]


def refusal(status: int, message: str, code: str) -> bytes:
    """A whole HTTP/1.1 response closing the connection, with a GraphQL error body."""
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    head = [
        STATUS_LINE[status],
        b"content-type: application/json; charset=utf-8\r\n",
        b"content-length: " + str(len(body)).encode() + b"\r\n",
        b"connection: close\r\n\r\n",
    ]
    return b"".join(head) + body


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """One connection; the guard's settings come from `ServerConfig.guard`."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.guard: ServerSettings = getattr(config, "guard", None) or ServerSettings()
        # uvicorn annotates it `int`; `call_later` takes fractions of a second as well.
        self.timeout_keep_alive = cast(int, self.guard.keepalive_timeout_s)
        self._deadline: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._head_count = 0
        self._refused = False

    # -- deadlines -------------------------------------------------------------------------------

    def _arm(self, phase: Phase) -> None:
        self._disarm()
        timeout = self.guard.header_timeout_s if phase == "head" else self.guard.body_timeout_s
        self._deadline = self.loop.call_later(timeout, self._too_slow, phase, timeout)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self, phase: Phase, timeout: float) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        logger.info(
            "client %s sent its request %s too slowly (over %g s); disconnected",
            _address(self.client),
            phase,
            timeout,
        )
        if self.cycle is None or self.cycle.response_complete or not self.cycle.response_started:
            message = f"The request {phase} did not arrive within {timeout:g} s"
            self.transport.write(refusal(408, message, "REQUEST_TIMEOUT"))
        self.transport.close()

    # -- connection ------------------------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # A connection that never sends a byte is held to the head's deadline too.
        self._arm("head")

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if not self._refused:
            super().data_received(data)

    def handle_websocket_upgrade(self) -> None:
        self._disarm()
        super().handle_websocket_upgrade()

    # -- parser callbacks ------------------------------------------------------------------------

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = self._head_count = 0
        self._arm("head")

    def on_url(self, url: bytes) -> None:
        self._head_bytes += len(url)
        self._check_head()
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._head_bytes += len(name) + len(value) + 4
        self._head_count += 1
        self._check_head()
        if not self._refused:
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if self._refused:
            return
        super().on_headers_complete()
        if self.parser.should_upgrade() and self._should_upgrade():
            self._disarm()
        else:
            self._arm("body")

    def on_body(self, body: bytes) -> None:
        if not self._refused:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._refused:
            return
        self._disarm()
        super().on_message_complete()

    def _check_head(self) -> None:
        if self._refused:
            return
        if self._head_count > self.guard.max_header_count:
            found = f"more than {self.guard.max_header_count} headers"
        elif self._head_bytes > self.guard.max_header_bytes:
            found = f"more than {self.guard.max_header_bytes} bytes of headers"
        else:
            return
        self._refused = True
        self._disarm()
        logger.info("client %s sent %s; refused", _address(self.client), found)
        self.transport.write(refusal(431, f"The request has {found}", "BAD_REQUEST"))
        self.transport.close()


def _address(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else "unknown"
