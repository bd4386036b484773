"""Strawberry's GraphQL router with its IDE page replaced by the gateway's own GraphiQL page."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse
from strawberry.fastapi import GraphQLRouter
from strawberry.schema.base import BaseSchema

from gateway.context import GatewayContext
from gateway.graphiql.page import GraphiQLPage


class GatewayGraphQLRouter(GraphQLRouter[GatewayContext, None]):
    """Serves `page` to browsers that GET /graphql; without a page that GET is a 404."""

    def __init__(self, schema: BaseSchema, *, page: GraphiQLPage | None, **options: Any) -> None:
        super().__init__(schema, graphql_ide="graphiql" if page else None, **options)
        self.page = page

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        # Strawberry calls this only when graphql_ide is set, i.e. when there is a page.
        assert self.page is not None
        return self.page.response(request)
