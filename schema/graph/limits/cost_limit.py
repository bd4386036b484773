"""`CostLimit`: the static estimate, refused above `GATEWAY_MAX_COST` before any upstream call.

Runs as execution starts (the document is parsed and valid); an operation over the limit never
executes and answers `COST_LIMIT_EXCEEDED` with the estimate and the limit. With the debug
header (`X-Gateway-Debug: calls`) every answer carries `extensions.cost`: the estimate, the
limit and the calls actually made, so the bound can be compared with what happened.

Estimates are kept per (document, operation, variables) in a bounded memo, so a repeated
request costs a dictionary lookup.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import AsyncIterator
from typing import Any

from graphql import ExecutionResult as GraphQLExecutionResult
from graphql import GraphQLError, GraphQLSchema
from strawberry.extensions import SchemaExtension

from gateway.context import GatewayContext
from gateway.limits.rate import RateLimited, RateLimiter
from schema.graph.limits.estimate import Estimate, estimate

MEMO_SIZE = 1024
CODE = "COST_LIMIT_EXCEEDED"


class CostEstimator:
    """Made once per schema: estimates with a memo, shared by every request's extension."""

    def __init__(self, max_cost: int, rate: RateLimiter | None = None) -> None:
        self.max_cost = max_cost
        # The callers' cost buckets: an operation spends its estimate before it runs.
        self.rate = rate
        self._memo: OrderedDict[tuple[str, str | None, str], Estimate | None] = OrderedDict()

    def estimate(
        self, schema: GraphQLSchema, query: str | None, context: GatewayContext, ec: Any
    ) -> Estimate | None:
        variables = ec.variables or {}
        try:
            shape = json.dumps(variables, sort_keys=True, default=str)
        except (TypeError, ValueError):
            shape = None
        key = (query, ec.operation_name, shape) if query is not None and shape else None
        if key is not None and key in self._memo:
            self._memo.move_to_end(key)
            return self._memo[key]
        found = estimate(
            schema,
            ec.graphql_document,
            ec.operation_name,
            variables,
            context.settings,
            context.clients,
        )
        if key is not None:
            self._memo[key] = found
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return found


class CostLimit(SchemaExtension):
    """Per request: the estimate (memoised), the refusal, and the debug report."""

    def __init__(self, estimator: CostEstimator) -> None:
        self.estimator = estimator
        self.found: Estimate | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        ec = self.execution_context
        context = ec.context
        if isinstance(context, GatewayContext) and ec.graphql_document is not None:
            self.found = self.estimator.estimate(ec.schema._schema, ec.query, context, ec)
            if self.found is not None and self.found.calls > self.estimator.max_cost:
                ec.result = GraphQLExecutionResult(data=None, errors=[self._refusal(self.found)])
            elif self.found is not None and self.estimator.rate is not None:
                await self._spend(context, self.estimator.rate, self.found.calls)
        yield

    async def _spend(self, context: GatewayContext, rate: RateLimiter, cost: int) -> None:
        """Takes the estimate from the caller's cost bucket; over it, HTTP 429 and no call."""
        try:
            await rate.take_cost(context.identity, cost)
        except RateLimited as limited:
            error = GraphQLError(limited.message, extensions=limited.extensions())
            self.execution_context.result = GraphQLExecutionResult(data=None, errors=[error])
            response = getattr(context, "response", None)
            if response is not None:
                response.status_code = 429
                response.headers["Retry-After"] = str(limited.retry_after)

    def _refusal(self, found: Estimate) -> GraphQLError:
        maximum = self.estimator.max_cost
        return GraphQLError(
            f"This operation may make {found.calls} upstream calls, over the limit of {maximum};"
            " ask for fewer items, fewer nested lists or fewer aliases",
            extensions={
                "code": CODE,
                "cost": {"estimated": found.calls, "max": maximum, "byField": found.by_field},
                "limit": {"name": "cost", "max": maximum, "found": found.calls},
            },
        )

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, GatewayContext) or not context.debug_calls:
            return {}
        if self.found is None:
            return {}
        return {
            "cost": {
                "estimated": self.found.calls,
                "max": self.estimator.max_cost,
                "calls": context.scope.calls_started,
                "byField": self.found.by_field,
            }
        }
