"""The gateway's GraphQL schema."""

from __future__ import annotations

from typing import Any

import strawberry
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter

from schema.extensions import GatewayErrors, UpstreamCallReport
from schema.mutation import Mutation
from schema.query import Query


def build_schema(*, max_depth: int = 12, max_aliases: int = 30) -> strawberry.Schema:
    # Factories, so each request gets fresh extension state.
    extensions: list[Any] = [
        lambda: QueryDepthLimiter(max_depth=max_depth),
        lambda: MaxAliasesLimiter(max_alias_count=max_aliases),
        UpstreamCallReport,
        GatewayErrors,
    ]
    return strawberry.Schema(query=Query, mutation=Mutation, extensions=extensions)
