"""The gateway's GraphQL schema."""

from __future__ import annotations

from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import DisableIntrospection
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from gateway.caching.responses import ResponseCache
from gateway.caching.settings import CacheSettings
from gateway.limits.rate import RateLimiter
from gateway.limits.settings import RequestLimits
from schema.graph.document_cache import CachedDocuments, DocumentCache
from schema.graph.extensions import GatewayErrors, UpstreamCallReport
from schema.graph.limits.cost_limit import CostEstimator, CostLimit
from schema.graph.limits.extension import DocumentLimiter, DocumentLimits, OperationLimits
from schema.graph.limits.once import once_per_request
from schema.graph.redaction import TELL_ALL, ErrorPolicy
from schema.graph.response_cache import CachedResponses, FreshWrites, Policies
from schema.graph.scalars import SCALAR_MAP
from schema.graph.telemetry import OperationTelemetry
from schema.mutation import Mutation
from schema.query import Query
from schema.subscription import Subscription


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


def build_schema(
    limits: RequestLimits | None = None,
    *,
    introspection: bool = True,
    errors: ErrorPolicy = TELL_ALL,
    cache: CacheSettings | None = None,
    responses: ResponseCache | None = None,
    rate: RateLimiter | None = None,
) -> strawberry.Schema:
    """The schema with its extensions; `limits` are the settings' (defaults when None).

    `introspection` and `errors` carry the production profile (gateway.profile); `responses`
    is the app's response cache (used when its setting turns it on).
    """
    # Made once here, shared by every request's extension: the limits and their memo, the
    # parsed and validated documents.
    once_per_request(Query)
    limits = limits or RequestLimits()
    limiter = DocumentLimiter(DocumentLimits.from_settings(limits))
    estimator = CostEstimator(limits.max_cost, rate)
    documents = DocumentCache((cache or CacheSettings()).documents_max_chars)
    # Factories, so each request gets fresh extension state.
    extensions: list[Any] = [
        # First, so it reads the result last, after GatewayErrors gave each error its code.
        OperationTelemetry,
        UpstreamCallReport,
        lambda: GatewayErrors(errors),
        lambda: OperationLimits(limiter),
        lambda: CostLimit(estimator),
        # After the limits: a document they refuse is never validated, cached or not.
        lambda: CachedDocuments(documents),
        FreshWrites,
    ]
    if responses is not None and responses.enabled:
        policies = Policies()
        extensions.append(lambda: CachedResponses(responses, policies))
    if not introspection:
        extensions.insert(1, DisableIntrospection)
    return GatewaySchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
    )
