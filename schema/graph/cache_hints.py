"""Cache hints: `@cacheControl(maxAge, scope)` on fields and types, and an operation's policy.

A read operation may be answered from the response cache (`schema/graph/response_cache.py`)
only if every root field it selects declares a hint; the answer is then kept for the smallest
`maxAge` among the hints of every field it selects (a field's own, else its type's), and per
caller if any of them is `PRIVATE` (an upstream answers per user, as Blueworks does). Fields
without hints below a hinted root inherit its policy. The policy depends on the document alone,
so it is worked out once per document and operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

import strawberry
from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLField,
    GraphQLNamedType,
    GraphQLSchema,
    OperationType,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    get_named_type,
    get_operation_ast,
    visit,
)
from strawberry.schema_directive import Location

from schema.graph.described import graph_enum

BACKREF = "strawberry-definition"


@graph_enum(
    "Who may be served a cached answer.",
    PUBLIC="Any caller with the same scopes.",
    PRIVATE="Only the same caller, acting for the same user.",
)
class CacheScope(Enum):
    PUBLIC = "PUBLIC"
    PRIVATE = "PRIVATE"


@strawberry.schema_directive(
    locations=[Location.FIELD_DEFINITION, Location.OBJECT, Location.INTERFACE],
    name="cacheControl",
    description="How long an answer including this field (or type) may come from the response"
    " cache when the gateway keeps one (docs/performance.md); PRIVATE: only to the same caller.",
)
class CacheControl:
    max_age: int = strawberry.field(description="Seconds.")
    scope: CacheScope = strawberry.field(
        default=CacheScope.PUBLIC, description="PRIVATE when an upstream answers per user."
    )


def hint(max_age: int, scope: CacheScope = CacheScope.PUBLIC) -> list[object]:
    """`directives=` for a field or type: `@strawberry.field(directives=hint(15))`."""
    return [CacheControl(max_age=max_age, scope=scope)]


@dataclass(frozen=True)
class CachePolicy:
    max_age_s: int
    private: bool


def _declared(holder: Any) -> CacheControl | None:
    definition = (getattr(holder, "extensions", None) or {}).get(BACKREF)
    for directive in getattr(definition, "directives", None) or ():
        if isinstance(directive, CacheControl):
            return directive
    return None


def _field_hint(field: GraphQLField, returns: GraphQLNamedType | None) -> CacheControl | None:
    return _declared(field) or (_declared(returns) if returns is not None else None)


def operation_policy(
    schema: GraphQLSchema, document: DocumentNode, operation_name: str | None
) -> CachePolicy | None:
    """The policy of a query operation; None when any root field (or a hint) says no caching."""
    operation = get_operation_ast(document, operation_name)
    if operation is None or operation.operation is not OperationType.QUERY:
        return None
    root = schema.query_type
    type_info = TypeInfo(schema)
    found: list[CacheControl] = []
    unhinted_root = False

    class Hints(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            nonlocal unhinted_root
            field = type_info.get_field_def()
            if field is None or node.name.value.startswith("__"):
                return
            returns = get_named_type(field.type)
            declared = _field_hint(field, returns)
            if declared is not None:
                found.append(declared)
            elif type_info.get_parent_type() is root:
                unhinted_root = True

    visit(document, TypeInfoVisitor(type_info, Hints()))
    if unhinted_root or not found:
        return None
    max_age = min(h.max_age for h in found)
    if max_age <= 0:
        return None
    return CachePolicy(max_age, any(h.scope is CacheScope.PRIVATE for h in found))
