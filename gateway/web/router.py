"""`GraphQLOverHTTP`: the `/graphql` endpoint for GET and POST (WebSockets stay strawberry's).

It reads the request (`requests`), picks the media type (`negotiation`), resolves persisted
documents (`documents`), runs each operation through `schema.execute`, and answers with the
spec's status codes; a response over `GATEWAY_MAX_RESPONSE_BYTES` becomes one error instead.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal

from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import Response
from strawberry.exceptions import MissingQueryError
from strawberry.schema.base import BaseSchema
from strawberry.schema.exceptions import CannotGetOperationTypeError, InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.graphql import OperationType
from strawberry.types.unset import UNSET

from gateway.callers.http import is_ide_page
from gateway.context import GatewayContext
from gateway.graphiql import GatewayGraphQLRouter
from gateway.graphiql.page import GraphiQLPage
from gateway.limits.rate import RateLimited, RateLimiter
from gateway.limits.settings import RequestLimits
from gateway.metrics import observe_graphql_error
from gateway.telemetry import note_error_code
from gateway.web import negotiation
from gateway.web.documents import Documents
from gateway.web.encoding import dumps
from gateway.web.refusals import HTTPRefusal, error_entry, limit
from gateway.web.requests import JsonLimits, OperationRequest, from_body, from_query_params


class GraphQLOverHTTP(GatewayGraphQLRouter):
    """Strawberry's router (and the gateway's GraphiQL page) with the gateway's HTTP rules."""

    def __init__(
        self,
        schema: BaseSchema,
        *,
        page: GraphiQLPage | None,
        limits: RequestLimits,
        documents: Documents,
        rate: RateLimiter | None = None,
        **options: Any,
    ) -> None:
        super().__init__(schema, page=page, allow_queries_via_get=True, **options)
        self.json_limits = JsonLimits(
            max_depth=limits.max_variables_depth,
            max_values=limits.max_variable_values,
            max_batch=limits.max_batch_operations,
        )
        self.max_response_bytes = limits.max_response_bytes
        self.documents = documents
        self.rate = rate

    async def run(self, request: Any, context: Any = UNSET, root_value: Any = UNSET) -> Any:
        # Subscriptions: graphql-transport-ws and GraphQL over SSE are Strawberry's own
        # (gateway/live, docs/live.md); the body bound still applies to an SSE request.
        if self.is_websocket_request(request) or self._get_stream_transport_from_headers(
            request.headers
        ):
            return await super().run(request, context, root_value)
        media_type = negotiation.choose(request.headers.get("accept"))
        try:
            return await self._serve(request, context, media_type)
        except HTTPRefusal as refusal:
            return refusal.response(media_type or negotiation.JSON)

    async def _serve(
        self, request: Request, context: GatewayContext, media_type: str | None
    ) -> Response:
        if is_ide_page(request):
            if self.graphql_ide:
                return await self.render_graphql_ide(request)
            raise HTTPRefusal(404, "GraphiQL is not served here; send a GraphQL query")
        if media_type is None:
            raise HTTPRefusal(406, "Accept application/graphql-response+json or application/json")
        # Before the body is read: a caller over its limit costs no parsing either.
        await self._take_requests(context, 1)
        operations, batch = await self._operations(request)
        await self._take_requests(context, len(operations) - 1)
        if batch:
            results = await asyncio.gather(
                *(self._execute_in_batch(request, op, context) for op in operations)
            )
            return self._respond(list(results), media_type, context, batch=True)
        result = await self._execute(request, operations[0], context)
        return self._respond([result], media_type, context, batch=False)

    async def _take_requests(self, context: GatewayContext, count: int) -> None:
        """Each operation of a batch counts as a request against the caller's limit."""
        if self.rate is None or count <= 0:
            return
        try:
            await self.rate.take_requests(context.identity, count)
        except RateLimited as limited:
            raise HTTPRefusal(
                429,
                limited.message,
                code=limited.code,
                headers={"Retry-After": str(limited.retry_after)},
                **{k: v for k, v in limited.extensions().items() if k != "code"},
            ) from None

    async def _operations(self, request: Request) -> tuple[list[OperationRequest], bool]:
        if request.method == "GET":
            return from_query_params(request.query_params, self.json_limits), False
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        encoding = request.headers.get("content-encoding", "").strip().lower()
        return from_body(content_type, await request.body(), self.json_limits, encoding)

    async def _execute_in_batch(
        self, request: Request, op: OperationRequest, context: GatewayContext
    ) -> ExecutionResult:
        # Loaders (and the call log and budget) are shared, so a batch costs no more upstream
        # calls than one request with the same fields.
        try:
            return await self._execute(request, op, context.for_operation())
        except HTTPRefusal as refusal:
            error = GraphQLError(refusal.message, extensions={"code": refusal.code})
            return ExecutionResult(data=None, errors=[error])

    async def _execute(
        self, request: Request, op: OperationRequest, context: GatewayContext
    ) -> ExecutionResult:
        resolved = await self.documents.resolve(op)
        if isinstance(resolved, ExecutionResult):
            return resolved
        method: Literal["GET", "POST"] = "GET" if request.method == "GET" else "POST"
        # A subscription streams: here only over SSE or a WebSocket (`run` hands those over).
        allowed = OperationType.from_http(method) - {OperationType.SUBSCRIPTION}
        try:
            result = await self.schema.execute(
                resolved,
                variable_values=op.variables,
                context_value=context,
                operation_name=op.operation_name,
                allowed_operation_types=allowed,
                operation_extensions=op.extensions,
            )
        except InvalidOperationTypeError as exc:
            if exc.operation_type is OperationType.SUBSCRIPTION:
                return _request_error(SUBSCRIPTION_NEEDS_A_STREAM)
            raise HTTPRefusal(
                405, exc.as_http_error_reason(method), headers={"Allow": "POST"}
            ) from None
        except CannotGetOperationTypeError as exc:
            # An operationName the document lacks is a GraphQL request error, not an HTTP one:
            # 200 for application/json, as the spec says for every well-formed request.
            return _request_error(exc.as_http_error_reason())
        except MissingQueryError:
            raise HTTPRefusal(400, "No GraphQL query found in the request") from None
        await self.documents.executed(op, resolved, negotiation.is_request_error(result))
        return result

    def _respond(
        self,
        results: list[ExecutionResult],
        media_type: str,
        context: GatewayContext,
        *,
        batch: bool,
    ) -> Response:
        payloads = [_payload(result) for result in results]
        status = 200 if batch else negotiation.status(media_type, results[0])
        body = dumps(payloads if batch else payloads[0])
        if len(body) > self.max_response_bytes:
            body, status = self._too_large(len(body)), 200
        sub_response: Response | None = getattr(context, "response", None)
        response = Response(
            body,
            status_code=(sub_response.status_code if sub_response else None) or status,
            media_type=f"{media_type}; charset=utf-8",
            headers={"Vary": "Accept"},
        )
        if sub_response is not None:
            response.headers.raw.extend(sub_response.headers.raw)
        return response

    def _too_large(self, size: int) -> bytes:
        maximum = self.max_response_bytes
        note_error_code("RESPONSE_TOO_LARGE")
        entry = error_entry(
            f"The response is larger than {maximum} bytes; ask for fewer fields or items",
            "RESPONSE_TOO_LARGE",
            limit=limit("responseBytes", maximum, size),
        )
        return json.dumps({"data": None, "errors": [entry]}, separators=(",", ":")).encode()


SUBSCRIPTION_NEEDS_A_STREAM = (
    "A subscription needs a stream: send it with Accept: text/event-stream, or over a"
    " WebSocket (graphql-transport-ws); docs/live.md"
)


def _request_error(message: str) -> ExecutionResult:
    """An operation refused before it ran (400 or 200, by media type), with `BAD_REQUEST`."""
    observe_graphql_error("BAD_REQUEST", None)
    note_error_code("BAD_REQUEST")
    return ExecutionResult(
        data=None, errors=[GraphQLError(message, extensions={"code": "BAD_REQUEST"})]
    )


def _payload(result: ExecutionResult) -> dict[str, Any]:
    """The response body of one operation; `data` is absent when execution never started."""
    payload: dict[str, Any] = {}
    if not negotiation.is_request_error(result):
        payload["data"] = result.data
    if result.errors:
        payload["errors"] = [error.formatted for error in result.errors]
    if result.extensions:
        payload["extensions"] = result.extensions
    return payload
