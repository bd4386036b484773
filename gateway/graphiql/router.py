"""Strawberry's GraphQL router with its IDE page replaced by the gateway's own GraphiQL page.

It also carries graphql-transport-ws: the caller authenticates in `connection_init`
(gateway/live/websocket.py), with the `Authenticator` the app sets on `authenticator`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from strawberry.fastapi import GraphQLRouter
from strawberry.schema.base import BaseSchema
from strawberry.types.unset import UNSET, UnsetType

from gateway.callers.authenticate import Authenticator
from gateway.context import GatewayContext
from gateway.graphiql.page import GraphiQLPage
from gateway.live.websocket import LiveTransportWSHandler, authenticate_connection
from gateway.telemetry import note_caller


class GatewayGraphQLRouter(GraphQLRouter[GatewayContext, None]):
    """Serves `page` to browsers that GET /graphql; without a page that GET is a 404."""

    graphql_transport_ws_handler_class = LiveTransportWSHandler
    authenticator: Authenticator | None = None

    def __init__(self, schema: BaseSchema, *, page: GraphiQLPage | None, **options: Any) -> None:
        super().__init__(schema, graphql_ide="graphiql" if page else None, **options)
        self.page = page

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        # Strawberry calls this only when graphql_ide is set, i.e. when there is a page.
        assert self.page is not None
        return self.page.response(request)

    async def on_ws_connect(self, context: GatewayContext) -> UnsetType | dict[str, object] | None:
        if self.authenticator is None:
            raise RuntimeError("the app sets the router's authenticator before serving")
        identity = context.identity = await authenticate_connection(self.authenticator, context)
        # The connection's log line names its caller even if it runs nothing.
        note_caller(identity.subject, identity.method, identity.user, identity.client)
        unset: UnsetType = UNSET
        return unset
