"""GraphQL enums whose every value carries a description, with members that stay plain values.

`strawberry.enum_value(...)` would make mypy see each member's `.value` as a definition object,
so the descriptions are given beside the class instead and checked against its members.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TypeVar

import strawberry

E = TypeVar("E", bound=type[Enum])


def graph_enum(description: str, **values: str) -> Callable[[E], E]:
    """`strawberry.enum` with a description for the type and one for each member, by name."""

    def decorate(cls: E) -> E:
        described = strawberry.enum(cls, description=description)
        definition = described.__strawberry_definition__  # type: ignore[attr-defined]
        names = {value.name for value in definition.values}
        if names != set(values):
            raise TypeError(
                f"{cls.__name__}: describe each member once; "
                f"undescribed {sorted(names - set(values))}, unknown {sorted(set(values) - names)}"
            )
        for value in definition.values:
            value.description = values[value.name]
        return described

    return decorate
