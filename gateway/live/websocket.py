"""graphql-transport-ws at `/graphql`: the caller authenticates in `connection_init`.

The payload carries what a browser cannot put on the upgrade request: `Authorization` and the
API-key header, read with the same rules as over HTTP (`Authenticator.authenticate`), together
with the upgrade's own headers (a non-browser client's token, the trusted proxy's headers). Other
payload keys are not credentials: the proxy's user header in a payload would let a client behind
the proxy name any user, so it is only believed on the upgrade request, where the proxy sets it.

Close codes: 4401 when the credentials are missing, invalid or expire while connected (the
client gets a new token and reconnects), 4400 for unreadable credentials, 1013 (try again
later) when tokens cannot be checked right now; Strawberry's own: 4408 (no `connection_init` in
time), 4429 (a second one), 4409 (an id in use), 4403 (refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError
from starlette.requests import HTTPConnection
from strawberry.subscriptions.protocols.graphql_transport_ws.handlers import (
    BaseGraphQLTransportWSHandler,
)
from strawberry.subscriptions.protocols.graphql_transport_ws.types import (
    ConnectionInitMessage,
    ErrorMessage,
    SubscribeMessage,
)

from gateway.callers.authenticate import Authenticator
from gateway.callers.errors import AuthenticationFailed, HeaderNotText
from gateway.callers.identity import Identity
from gateway.context import GatewayContext
from gateway.errors import TooManySubscriptions
from gateway.telemetry import note_error_code

logger = logging.getLogger(__name__)

UNAUTHORIZED = 4401
BAD_REQUEST = 4400
TRY_AGAIN_LATER = 1013
# RFC 6455: a close frame's reason is at most 123 bytes of UTF-8.
MAX_REASON_BYTES = 123


def close_code(exc: AuthenticationFailed) -> int:
    if exc.status == 503:
        return TRY_AGAIN_LATER
    return BAD_REQUEST if exc.status == 400 else UNAUTHORIZED


def close_reason(exc: AuthenticationFailed) -> str:
    return f"{exc.code}: {exc.reason}".encode()[:MAX_REASON_BYTES].decode(errors="ignore")


def payload_credentials(
    payload: Mapping[str, Any], names: tuple[str, ...]
) -> list[tuple[str, str]]:
    """The payload's credential entries as headers; any other key is not a credential."""
    wanted = {name.lower() for name in names}
    found: list[tuple[str, str]] = []
    for key, value in payload.items():
        if key.lower() not in wanted:
            continue
        if not isinstance(value, str):
            # Unreadable, as a header that is not text: 4400, fix the client (docs/live.md).
            raise HeaderNotText(f"connection_init payload: {key} must be a string")
        found.append((key, value))
    return found


async def authenticate_connection(
    authenticator: Authenticator, context: GatewayContext
) -> Identity:
    """The caller of a WebSocket, from its upgrade request and its `connection_init` payload."""
    connection = context.request
    assert isinstance(connection, HTTPConnection)
    payload = context.connection_params or {}
    headers = list(connection.headers.items())
    headers += payload_credentials(payload, authenticator.credential_headers)
    client = connection.client.host if connection.client is not None else None
    return await authenticator.authenticate(headers, client)


class LiveTransportWSHandler(BaseGraphQLTransportWSHandler[GatewayContext, None]):
    """Strawberry's protocol handler, closing with the codes above and when the token expires."""

    _expiry: asyncio.Task[None] | None = None

    async def handle_connection_init(self, message: ConnectionInitMessage) -> None:
        try:
            await super().handle_connection_init(message)
        except AuthenticationFailed as exc:
            client = self.context.request.client if self.context.request else None
            logger.info("websocket refused (%s) from %s: %s", exc.code, client, exc.reason)
            note_error_code(exc.code)
            await self.websocket.close(code=close_code(exc), reason=close_reason(exc))
            return
        expires_at = self.context.identity.expires_at
        if self.connection_acknowledged and expires_at is not None:
            self._expiry = asyncio.create_task(self._close_at(expires_at))

    async def handle_subscribe(self, message: SubscribeMessage) -> None:
        # Strawberry refuses one over the connection's bound with a bare message; the gateway's
        # refusal says which bound, with the code the per-caller bound uses.
        most = self.max_subscriptions_per_connection
        if (
            self.connection_acknowledged
            and most is not None
            and message["id"] not in self.operations
            and len(self.operations) >= most
        ):
            refused = TooManySubscriptions(
                f"this connection is at its bound ({most}) of operations running at once",
                limit=most,
            )
            error = GraphQLError(refused.message, extensions=refused.extensions())
            await self.send_message(
                ErrorMessage(id=message["id"], type="error", payload=[error.formatted])
            )
            return
        await super().handle_subscribe(message)

    async def _close_at(self, expires_at: float) -> None:
        await asyncio.sleep(max(0.0, expires_at - time.time()))
        expired = AuthenticationFailed("the token has expired")
        note_error_code(expired.code)
        await self.websocket.close(code=UNAUTHORIZED, reason=close_reason(expired))

    async def shutdown(self) -> None:
        if self._expiry is not None:
            self._expiry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._expiry
        await super().shutdown()
