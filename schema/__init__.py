"""The gateway's GraphQL schema."""

from __future__ import annotations

import logging
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.extensions import GatewayErrors, UpstreamCallReport
from schema.mutation import Mutation
from schema.query import Query
from schema.scalars import SCALAR_MAP

logger = logging.getLogger(__name__)


class GatewaySchema(strawberry.Schema):
    """Logs each error as one line: expected ones (bad input, an upstream down) are no bugs.

    Unexpected exceptions are logged with their traceback by the `GatewayErrors` extension.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        for error in errors:
            code = (error.extensions or {}).get("code")
            logger.info("graphql error %s at %s: %s", code, error.path, error.message)


def build_schema(*, max_depth: int = 12, max_aliases: int = 30) -> strawberry.Schema:
    # Factories, so each request gets fresh extension state.
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        UpstreamCallReport,
        GatewayErrors,
    ]
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )
