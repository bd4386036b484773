"""GraphiQL served from the gateway's own origin: the page, its pinned assets, and one switch."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from gateway.config import Settings
from gateway.graphiql.defaults import DEFAULT_QUERY
from gateway.graphiql.page import ASSETS_PATH, STATIC_DIR, Assets, GraphiQLPage
from gateway.graphiql.router import GatewayGraphQLRouter
from gateway.profile import profile_of

__all__ = ["GatewayGraphQLRouter", "GraphiQLPage", "graphiql_enabled", "mount_graphiql"]

logger = logging.getLogger(__name__)


def graphiql_enabled(settings: Settings) -> bool:
    """The one switch: GATEWAY_GRAPHIQL, which production leaves off unless it says true."""
    return profile_of(settings).graphiql


def mount_graphiql(app: FastAPI, settings: Settings) -> GraphiQLPage | None:
    """Mounts the assets and returns the page for the GraphQL router; None when switched off."""
    if not graphiql_enabled(settings):
        return None
    assets = Assets.load()
    if assets is None:
        logger.warning("GraphiQL assets are not installed (run `make graphiql`); /graphql says so")
    app.mount(ASSETS_PATH, AssetFiles(directory=STATIC_DIR), name="graphiql")
    return GraphiQLPage(default_query=DEFAULT_QUERY, assets=assets)


class AssetFiles(StaticFiles):
    """Static files; vendored ones (under package@version) are cached for good."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        if path.startswith("vendor/") and "@" in path and response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response
