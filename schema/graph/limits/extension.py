"""`OperationLimits`: the document limits, applied between parsing and validation.

The parser itself enforces the length, token and comment limits (graphql-core's parse options),
so a huge document is never fully parsed; the shape limits (depth, aliases, root fields,
directives) are checked on the parsed document before validation runs, and a refusal skips
validation. Each refusal is `GRAPHQL_VALIDATION_FAILED` with `extensions.limit`.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, cast

from graphql import DocumentNode, GraphQLError, Lexer, Source, TokenKind
from graphql.validation import MaxIntrospectionDepthRule
from strawberry.extensions import SchemaExtension

from gateway.limits.settings import RequestLimits
from schema.graph.limits.document import Shape, measure, no_operation_chosen

CODE = "GRAPHQL_VALIDATION_FAILED"
NO_OPERATION_CHOSEN = "Must provide operation name if query contains multiple operations."
MEMO_SIZE = 1024

# graphql-core's messages when a parse option stops the parser (graphql/language/parser.py).
_PARSER_LIMIT = re.compile(
    r"^Syntax Error: (?:Document|Source) contains more than (\d+) (tokens|comments|code points)"
)
_PARSER_TOO_DEEP = "Syntax Error: Document is nested too deeply"
_PARSER_LIMIT_NAMES = {"tokens": "tokens", "comments": "comments", "code points": "queryLength"}


def limit_error(message: str, name: str, maximum: int, found: int | None) -> GraphQLError:
    return GraphQLError(
        message,
        extensions={"code": CODE, "limit": {"name": name, "max": maximum, "found": found}},
    )


@dataclass(frozen=True)
class DocumentLimits:
    """The limits one schema applies; created once, shared by every request's extension."""

    max_query_length: int
    max_tokens: int
    max_depth: int
    max_aliases: int
    max_root_fields: int
    max_selection_fields: int
    max_directives: int

    @classmethod
    def from_settings(cls, limits: RequestLimits) -> DocumentLimits:
        return cls(
            max_query_length=limits.max_query_length,
            max_tokens=limits.max_tokens,
            max_depth=limits.max_query_depth,
            max_aliases=limits.max_aliases,
            max_root_fields=limits.max_root_fields,
            max_selection_fields=limits.max_selection_fields,
            max_directives=limits.max_directives,
        )

    @property
    def parse_options(self) -> dict[str, Any]:
        return {
            "max_source_length": self.max_query_length,
            "max_lexical_tokens": self.max_tokens,
            "max_comments": self.max_tokens,
        }

    def refusals(self, shape: Shape) -> list[GraphQLError]:
        checks = [
            ("depth", "Operation depth", shape.depth, self.max_depth),
            ("aliases", "Number of aliases", shape.aliases, self.max_aliases),
            ("rootFields", "Number of root fields", shape.fields, self.max_root_fields),
            (
                "selectionFields",
                "Number of fields in one selection set",
                shape.widest,
                self.max_selection_fields,
            ),
            ("directives", "Number of directives", shape.directives, self.max_directives),
        ]
        return [
            limit_error(f"{label} {found} exceeds the limit of {maximum}", name, maximum, found)
            for name, label, found, maximum in checks
            if found > maximum
        ]


class DocumentLimiter:
    """The limits and a bounded memo of verdicts by query text, kept for the schema's life."""

    def __init__(self, limits: DocumentLimits) -> None:
        self.limits = limits
        self._memo: OrderedDict[tuple[str, str | None], list[GraphQLError]] = OrderedDict()

    def check(
        self, query: str | None, document: DocumentNode, operation_name: str | None
    ) -> list[GraphQLError]:
        if query is None:
            return self._measure(document, operation_name)
        key = (query, operation_name)
        found = self._memo.get(key)
        if found is None:
            found = self._measure(document, operation_name)
            self._memo[key] = found
            if len(self._memo) > MEMO_SIZE:
                self._memo.popitem(last=False)
        else:
            self._memo.move_to_end(key)
        return found

    def _measure(self, document: DocumentNode, operation_name: str | None) -> list[GraphQLError]:
        try:
            shape = measure(document, operation_name)
        except RecursionError:
            # Only reachable with a token limit raised far above the default.
            maximum = self.limits.max_depth
            return [limit_error("Operation is nested too deeply", "depth", maximum, None)]
        return self.limits.refusals(shape)

    def explain(self, error: GraphQLError, query: str | None) -> GraphQLError:
        """The parser's refusal for a limit, as a validation error naming the limit."""
        if error.message.startswith(_PARSER_TOO_DEEP):
            # The parser's own recursion bound, reached long before the depth could be counted.
            message = f"Operation depth exceeds the limit of {self.limits.max_depth}"
            return limit_error(message, "depth", self.limits.max_depth, None)
        match = _PARSER_LIMIT.match(error.message)
        if match is None:
            return error
        name = _PARSER_LIMIT_NAMES[match.group(2)]
        maximum = int(match.group(1))
        message = {
            "tokens": f"The document has more than {maximum} tokens",
            "comments": f"The document has more than {maximum} comments",
            "queryLength": f"The query text is longer than {maximum} characters",
        }[name]
        return limit_error(message, name, maximum, _found(name, query or ""))


def _found(name: str, query: str) -> int | None:
    """The value found, for the message; comments are not counted again (rarely the cause)."""
    if name == "queryLength":
        return len(query)
    if name != "tokens":
        return None
    lexer = Lexer(Source(query))
    count = 0
    try:
        while lexer.advance().kind != TokenKind.EOF:
            count += 1
    except GraphQLError:
        return None
    return count


class OperationLimits(SchemaExtension):
    """Per request, cheap: parse options, the memoised shape check, and error wording.

    Listed after `GatewayErrors`, so its `on_operation` ends first and the errors it rewrites
    are the ones `GatewayErrors` then codes and logs.
    """

    def __init__(self, limiter: DocumentLimiter) -> None:
        self.limiter = limiter

    def on_operation(self) -> Iterator[None]:
        context = self.execution_context
        # graphql-core 3.3's options; strawberry's TypedDict only names the older `max_tokens`.
        cast(dict[str, Any], context.parse_options).update(self.limiter.limits.parse_options)
        context.validation_rules = (*context.validation_rules, MaxIntrospectionDepthRule)
        yield
        result = context.result
        if result is not None and result.errors and result.data is None:
            result.errors = [self.limiter.explain(e, context.query) for e in result.errors]

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        if context.graphql_document is not None and context.pre_execution_errors is None:
            # The name the caller gave: `context.operation_name` would name the first operation.
            given = context._provided_operation_name
            if no_operation_chosen(context.graphql_document, given):
                refusals = [GraphQLError(NO_OPERATION_CHOSEN, extensions={"code": "BAD_REQUEST"})]
            else:
                refusals = self.limiter.check(
                    context.query, context.graphql_document, context.operation_name
                )
            if refusals:
                # Set before validation runs, so strawberry skips validating the document.
                context.pre_execution_errors = refusals
        yield
