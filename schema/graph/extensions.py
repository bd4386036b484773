"""Schema extensions: errors with stable codes, and the optional report of upstream calls."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from gateway.calls import recording
from gateway.context import GatewayContext
from gateway.errors import BadUserInput, GatewayError, UpstreamError
from gateway.http.request_scope import scoped
from gateway.metrics import observe_graphql_error
from schema.graph.argument_paths import argument_path
from schema.graph.redaction import TELL_ALL, ErrorPolicy, applying, withheld, without_suggestions

logger = logging.getLogger(__name__)

MASKED_MESSAGE = "Internal server error."


def _gateway_error(error: GraphQLError) -> GatewayError | None:
    original = error.original_error
    while isinstance(original, GraphQLError):
        original = original.original_error
    return original if isinstance(original, GatewayError) else None


class GatewayErrors(MaskErrors):
    """Gives every error an `extensions.code`; masks anything that is not a `GatewayError`.

    Errors from parsing and validating the query keep their (safe) message; a bug's exception
    text and stack never reach the client, only the log.
    """

    def __init__(self, policy: ErrorPolicy = TELL_ALL) -> None:
        super().__init__(should_mask_error=lambda _: True, error_message=MASKED_MESSAGE)
        self.policy = policy

    def on_operation(self) -> Iterator[None]:
        masking = super().on_operation()
        next(masking)
        with applying(self.policy):
            yield
        self._add_side_errors()
        next(masking, None)
        self._observe()

    def _observe(self) -> None:
        """One log line and one metric per error, once each has its code."""
        result = self.execution_context.result
        for error in getattr(result, "errors", None) or ():
            extensions = error.extensions or {}
            code = extensions.get("code")
            observe_graphql_error(code, extensions.get("source"))
            logger.info("graphql error %s at %s: %s", code, error.path, error.message)

    def _add_side_errors(self) -> None:
        context = self.execution_context.context
        result = self.execution_context.result
        if not isinstance(context, GatewayContext) or not context.side_errors or result is None:
            return
        added = [
            GraphQLError(error.message, path=path, original_error=error)
            for error, path in context.side_errors
        ]
        result.errors = [*(result.errors or []), *added]

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        known = _gateway_error(error)
        if known is not None:
            if isinstance(known, UpstreamError) and not self.policy.upstream_text:
                return self._with(error, *withheld(known))
            if isinstance(known, BadUserInput) and error.path is None:
                return self._with(error, *self._request_input_error(error, known))
            return self._with(error, known.message, known.extensions())
        # A GraphQLError wrapped in another is a request error (e.g. a variable's coercion).
        if error.original_error is None or isinstance(error.original_error, GraphQLError):
            code = (error.extensions or {}).get("code") or _code_for_request_error(error)
            message = error.message
            if not self.policy.suggestions:
                message = without_suggestions(message)
            return self._with(error, message, {**(error.extensions or {}), "code": code})
        logger.error("unexpected error at %s", error.path, exc_info=error.original_error)
        return self._with(error, MASKED_MESSAGE, {"code": "INTERNAL_SERVER_ERROR"})

    def _request_input_error(
        self, error: GraphQLError, known: BadUserInput
    ) -> tuple[str, dict[str, Any]]:
        """A scalar refused a value before execution: graphql-core's message says which
        variable or type, and the argument is found in the document (a literal's)."""
        extensions = known.extensions()
        if error.nodes and "argument" not in extensions:
            document = self.execution_context.graphql_document
            argument = argument_path(document, error.nodes[0])
            if argument is not None:
                extensions["argument"] = argument
        return error.message, extensions

    @staticmethod
    def _with(error: GraphQLError, message: str, extensions: dict[str, Any]) -> GraphQLError:
        return GraphQLError(
            message=message,
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            original_error=None,
            extensions=extensions,
        )


def _code_for_request_error(error: GraphQLError) -> str:
    if error.message.startswith("Syntax Error"):
        return "GRAPHQL_PARSE_FAILED"
    if error.message.startswith("Variable "):
        return "BAD_USER_INPUT"
    return "GRAPHQL_VALIDATION_FAILED"


class UpstreamCallReport(SchemaExtension):
    """Records the request's upstream calls and guards them with its scope (deadline, guards).

    When the operation's result is ready the scope closes: calls still in flight are cancelled
    and none starts after. The calls are listed in `extensions` when asked for.
    """

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context.context
        if not isinstance(context, GatewayContext):
            yield
            return
        with recording(context.call_log), scoped(context.scope):
            yield

    def get_results(self) -> dict[str, Any]:
        context = self.execution_context.context
        if not isinstance(context, GatewayContext) or not context.debug_calls:
            return {}
        log = context.call_log
        return {
            "upstreamCalls": {
                "count": len(log.calls),
                # Reads answered by another request's identical call in flight: no call made.
                "shared": log.shared,
                "bySource": log.summary(),
                "calls": log.as_json(),
            }
        }
