"""Scalars beyond GraphQL's own: integers up to 2^53-1, which a 32-bit `Int` cannot carry; and
Strawberry's date scalars, described for the person writing the query."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import NewType

import strawberry
from graphql import GraphQLError
from strawberry.schema.types.base_scalars import DateDefinition, DateTimeDefinition
from strawberry.types.scalar import ScalarDefinition

from gateway.errors import BadUserInput

MAX_SAFE_INTEGER = 2**53 - 1
DECIMAL = re.compile(r"-?[0-9]{1,20}")


def _checked(value: int) -> int:
    if not -MAX_SAFE_INTEGER <= value <= MAX_SAFE_INTEGER:
        # A GatewayError, so that the error mask reports BAD_USER_INPUT rather than hiding it.
        raise BadUserInput(f"SafeInt must lie within ±{MAX_SAFE_INTEGER}")
    return value


def _serialize(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise GraphQLError(f"SafeInt cannot represent {type(value).__name__}")
    return _checked(value)


def _parse_value(value: object) -> int:
    """A JSON number or a decimal string: clients whose numbers are doubles may send either."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _checked(value)
    if isinstance(value, float) and value.is_integer():
        return _checked(int(value))
    # ASCII digits only: `str.isdigit()` also takes superscripts, which `int()` refuses.
    if isinstance(value, str) and DECIMAL.fullmatch(value.strip()):
        return _checked(int(value.strip()))
    raise BadUserInput("SafeInt must be an integer, as a number or a decimal string")


# To Python a SafeInt is an int; the schema's `scalar_map` makes it its own GraphQL scalar.
SafeInt = NewType("SafeInt", int)

SCALAR_MAP: dict[object, ScalarDefinition] = {
    SafeInt: strawberry.scalar(
        name="SafeInt",
        description="An integer within ±(2^53-1), exact as a JSON number (e.g. 9007199254740991); "
        "input may also be a decimal string.",
        serialize=_serialize,
        parse_value=_parse_value,
    ),
    # Strawberry's own date scalars, the same parsing and printing with a fuller description.
    dt.datetime: dataclasses.replace(
        DateTimeDefinition,
        description="A moment as ISO 8601 with its offset, e.g. 2026-10-15T13:00:00+00:00; "
        "every upstream's times are given in UTC.",
    ),
    dt.date: dataclasses.replace(
        DateDefinition, description="A calendar day as ISO 8601, e.g. 2026-10-15."
    ),
}
