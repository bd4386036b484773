"""The subscription options of the `/graphql` router, from the settings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from strawberry.subscriptions import GRAPHQL_SSE_PROTOCOL, GRAPHQL_TRANSPORT_WS_PROTOCOL

from gateway.config import Settings


def live_options(settings: Settings) -> dict[str, Any]:
    """graphql-transport-ws and GraphQL over SSE, with the `live` section's bounds.

    The legacy `graphql-ws` protocol (subscriptions-transport-ws) is not offered: unmaintained,
    and its handshake has no place for the gateway's close codes. Browsers on other origins may
    open a WebSocket only when `GATEWAY_CORS_ORIGINS` lists them (CORS does not cover it).
    """
    live = settings.live
    protocols = (GRAPHQL_TRANSPORT_WS_PROTOCOL, GRAPHQL_SSE_PROTOCOL) if live.enabled else ()
    return {
        "subscription_protocols": protocols,
        "connection_init_wait_timeout": timedelta(seconds=live.connection_init_timeout_s),
        "max_subscriptions_per_connection": live.max_subscriptions_per_connection,
        "allowed_origins": list(settings.cors_origins),
    }
