"""Every root field states its upstream cost: an undeclared one would be free to the cost limit."""

from __future__ import annotations

import strawberry
from graphql import GraphQLSchema

from schema import build_schema
from schema.graph.limits.cost import cost
from schema.graph.limits.estimate import declared_cost


def undeclared_root_fields(schema: GraphQLSchema) -> list[str]:
    """`Type.field` for each Query, Mutation and Subscription field without `metadata=cost(...)`."""
    roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
    return [
        f"{root.name}.{name}"
        for root in roots
        if root is not None
        for name, field_def in root.fields.items()
        if declared_cost(field_def) is None
    ]


def test_every_root_field_of_the_gateway_declares_its_cost() -> None:
    missing = undeclared_root_fields(build_schema()._schema)

    assert missing == [], f"root fields without metadata=cost(...): {', '.join(missing)}"


def test_a_root_field_without_a_declaration_is_named() -> None:
    @strawberry.type
    class Query:
        declared: int = strawberry.field(default=1, metadata=cost(1))
        bare: int = 1

    @strawberry.type
    class Mutation:
        write: int = 1

    schema = strawberry.Schema(query=Query, mutation=Mutation)

    assert undeclared_root_fields(schema._schema) == ["Query.bare", "Mutation.write"]
