"""The gateway's GraphQL schema."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from schema.graph.extensions import GatewayErrors, UpstreamCallReport
from schema.graph.scalars import SCALAR_MAP
from schema.mutation import Mutation
from schema.query import Query


class GatewaySchema(strawberry.Schema):
    """Leaves error logging to the `GatewayErrors` extension.

    Strawberry's default logs every error with a traceback before the extension has given it a
    code; bad input and a down upstream are no bugs. The extension logs each error in one line
    (with its code) and an unexpected exception with its traceback.
    """

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        return


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
