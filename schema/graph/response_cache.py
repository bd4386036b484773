"""`CachedResponses`: read operations answered from the response cache when their hints allow.

Before execution, an operation whose cache policy (schema/graph/cache_hints.py) allows it is
looked up (unless the client sent `Cache-Control: no-cache`); a kept answer is served as is and
execution never starts. After execution, an answer without errors is kept for the policy's
`maxAge`. `extensions.cache` says `{hit, ageS, maxAgeS, scope}` for every cacheable operation.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Iterator
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType

from gateway.caching.entities import fresh_reads
from gateway.caching.responses import Asker, ResponseCache
from gateway.context import GatewayContext
from schema.graph.cache_hints import CachePolicy, operation_policy

MEMO_SIZE = 1024


class Policies:
    """Each document's cache policy, worked out once; shared by every request."""

    def __init__(self) -> None:
        self._memo: OrderedDict[tuple[str, str | None], CachePolicy | None] = OrderedDict()

    def of(self, extension: SchemaExtension) -> CachePolicy | None:
        context = extension.execution_context
        if context.query is None or context.graphql_document is None:
            return None
        key = (context.query, context.operation_name)
        if key not in self._memo:
            schema = context.schema._schema
            self._memo[key] = operation_policy(
                schema, context.graphql_document, context.operation_name
            )
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        return self._memo[key]


class CachedResponses(SchemaExtension):
    def __init__(self, cache: ResponseCache, policies: Policies) -> None:
        self.cache = cache
        self.policies = policies
        self.report: dict[str, Any] | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        gateway = context.context
        policy = self.policies.of(self) if self.cache.enabled else None
        if policy is None or not isinstance(gateway, GatewayContext):
            yield
            return
        identity = gateway.identity
        asker = Asker(identity.scopes, identity.state_key, identity.user)
        key = await self.cache.key(
            context.query or "", context.operation_name, context.variables, asker, policy.private
        )
        scope = "PRIVATE" if policy.private else "PUBLIC"
        self.report = {"hit": False, "maxAgeS": policy.max_age_s, "scope": scope}
        kept = await self.cache.get(key) if key is not None and not _no_cache(gateway) else None
        if kept is not None:
            # Set before execution: strawberry then does not execute the operation.
            context.result = ExecutionResult(data=kept.data, errors=None)
            self.report.update(hit=True, ageS=round(kept.age_s, 1))
        yield
        result = context.result
        if kept is not None or key is None or result is None:
            return
        # Errors beside the data (a source that failed) are added later, from the context.
        if not result.errors and not gateway.side_errors:
            await self.cache.put(key, result.data, policy.max_age_s)

    def get_results(self) -> dict[str, Any]:
        return {"cache": self.report} if self.report is not None else {}


def _no_cache(context: GatewayContext) -> bool:
    request = getattr(context, "request", None)
    headers = getattr(request, "headers", None)
    value = headers.get("cache-control", "") if headers is not None else ""
    return "no-cache" in value.lower() or "no-store" in value.lower()


class FreshWrites(SchemaExtension):
    """A mutation decides on fresh data: what it reads first never comes from a cache."""

    def on_execute(self) -> Iterator[None]:
        if self.execution_context.operation_type is OperationType.MUTATION:
            with fresh_reads():
                yield
        else:
            yield
