"""`BoundedBody`: reads a request's body once, refusing it (413) as soon as it is too large.

The body is counted as it arrives, so a 16 MiB upload is refused after the first MiB, not after
all of it; a `Content-Length` over the limit is refused before any of it is read. The app then
gets the whole body at once. A client that disconnects while sending (or that the server drops
for sending too slowly, `gateway.server`) ends here with one log line, not a traceback.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.web.refusals import HTTPRefusal, limit

logger = logging.getLogger(__name__)


class BodyTooLarge(HTTPRefusal):
    """The body passed the limit (HTTP 413); the rest of it is never read."""

    def __init__(self, maximum: int, found: int | None) -> None:
        super().__init__(
            413,
            f"The request body is larger than {maximum} bytes",
            headers={"Connection": "close"},
            limit=limit("bodyBytes", maximum, found),
        )


class BoundedBody:
    """ASGI middleware; `max_bytes` is `GATEWAY_MAX_BODY_BYTES`."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        try:
            body = await self._read(scope, receive)
        except BodyTooLarge as refusal:
            await refusal.response()(scope, receive, send)
            return
        if body is None:
            client = scope.get("client")
            # One line at most per dropped client: the server (gateway.server) already said why.
            logger.debug("client %s went away while sending its request body", _address(client))
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read(self, scope: Scope, receive: Receive) -> bytes | None:
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            raise BodyTooLarge(self.max_bytes, declared)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_bytes:
                raise BodyTooLarge(self.max_bytes, declared)
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """The whole body as one message, then the client's own messages (its disconnect)."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _address(client: object) -> str:
    if isinstance(client, tuple | list) and len(client) == 2:
        return f"{client[0]}:{client[1]}"
    return "unknown"
