"""Every argument position refuses what it cannot take as the caller's error, never as a crash.

The positions are read from the schema itself (every scalar argument and input field of the
root fields), so a new or renamed argument is covered without touching this file. Each is sent
hostile values as a variable: superscript and other non-ASCII digits, empty and slash-ended ids,
dot segments, control characters, huge numbers, and global ids of every type wrapping those.
The answer may be data, `null`, or `BAD_USER_INPUT` (then naming the argument and made without
any upstream call), but never `INTERNAL_SERVER_ERROR`, an upstream refusing what the gateway
should have judged, or Python's own error text.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from graphql import (
    GraphQLArgument,
    GraphQLEnumType,
    GraphQLField,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLSchema,
    get_named_type,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from schema import build_schema
from tests.conftest import sandbox_settings
from tests.limits.harness import Harness

PROBED_SCALARS = ("ID", "String", "Int", "SafeInt", "Date")
NODE_TYPES = (
    "SendTask",
    "InventoryList",
    "InventoryListItem",
    "WorkItem",
    "WorkInstance",
    "CatalogItem",
    "CatalogTask",
    "Product",
    "DspUploadIdentification",
)
# What `"²".isdigit()` and friends let through, and what ends up in an upstream's URL path.
NASTY = [
    "\u00b2",  # superscript two: str.isdigit() says yes, int() says no
    "\u00b9\u00b2\u00b3",
    "\u0661\u0662\u0663",  # Arabic-Indic digits: int() reads them
    "\U0001d7d7",  # mathematical bold nine
    "\u00bd",
    "",
    " ",
    "/",
    "a/",
    "..",
    "%2F",
    "?x=1",
    "\x00",
    "a\nb",
    "-1",
    "9" * 25,
    "x" * 3000,
    "|",
    "a|",
    "5001/relationships/product",
]
# Wrapped in global ids of the types a position takes: the keys' own parsing.
WRAPPED = ["\u00b2", "", "a/", "..", "a|", "\u00b2:1", "1:", "\x00"]
REFUSED_AS_CRASH = {"INTERNAL_SERVER_ERROR", "UPSTREAM_REJECTED", "UPSTREAM_BAD_RESPONSE"}
PYTHON_TEXT = re.compile(r"invalid literal|Traceback|NoneType|object has no attribute|int\(\)")
# Values for required arguments that are not the one probed.
FILLER = {"Int": "1", "String": '"x"', "Boolean": "false", "Date": '"2026-01-01"', "JSON": "{}"}


@dataclass(frozen=True)
class Position:
    """One scalar argument (or input field) of a root field, as a variable `$v`."""

    root: str
    field: str
    path: tuple[str, ...]
    type_text: str

    def document(self, schema: GraphQLSchema) -> str:
        root_type = schema.mutation_type if self.root == "mutation" else schema.query_type
        assert root_type is not None
        field = root_type.fields[self.field]
        args = _arguments(field.args, self.path)
        selection = "" if _is_leaf(field) else " { __typename }"
        call = f"{self.field}({args})" if args else self.field
        return f"{self.root}($v: {self.type_text}) {{ {call}{selection} }}"

    def __str__(self) -> str:
        return f"{self.field}({'.'.join(self.path)}: {self.type_text})"


def _is_leaf(field: GraphQLField) -> bool:
    return isinstance(get_named_type(field.type), GraphQLScalarType | GraphQLEnumType)


def _arguments(fields: dict[str, Any], path: tuple[str, ...]) -> str:
    """`name: value` for every required field, and `$v` down `path`."""
    parts = []
    for name, arg in fields.items():
        if path and name == path[0]:
            if len(path) == 1:
                parts.append(f"{name}: $v")
            else:
                inner = get_named_type(arg.type)
                assert isinstance(inner, GraphQLInputObjectType)
                value = "{" + _arguments(inner.fields, path[1:]) + "}"
                parts.append(f"{name}: {_wrap_list(arg.type, value)}")
        elif isinstance(arg.type, GraphQLNonNull) and _default(arg) is None:
            parts.append(f"{name}: {_filler(arg.type)}")
    return ", ".join(parts)


def _default(arg: GraphQLArgument | GraphQLInputField) -> Any:
    value = arg.default_value
    return None if value is None or repr(value) == "Undefined" else value


def _wrap_list(type_: Any, value: str) -> str:
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    return f"[{value}]" if isinstance(inner, GraphQLList) else value


def _filler(type_: Any) -> str:
    named = get_named_type(type_)
    if isinstance(named, GraphQLEnumType):
        value = next(iter(named.values))
    elif isinstance(named, GraphQLInputObjectType):
        value = "{" + _arguments(named.fields, ()) + "}"
    else:
        value = FILLER.get(named.name, '"x"')
    return _wrap_list(type_, value)


def positions(schema: GraphQLSchema) -> Iterator[Position]:
    for root, root_type in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        assert root_type is not None
        for field_name, field in root_type.fields.items():
            for path, type_ in _leaves(field.args, ()):
                if get_named_type(type_).name in PROBED_SCALARS:
                    yield Position(root, field_name, path, str(type_))


def _leaves(fields: dict[str, Any], path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    for name, arg in fields.items():
        named = get_named_type(arg.type)
        if isinstance(named, GraphQLInputObjectType):
            yield from _leaves(named.fields, (*path, name))
        else:
            yield (*path, name), arg.type


SCHEMA = build_schema()._schema
POSITIONS = sorted(positions(SCHEMA), key=str)


def expected_types(position: Position) -> tuple[str, ...]:
    """The node types whose global ids this position takes, judged by its names; none for an
    upstream's own ids (`upstreamIds`, `sourceIds`, `advertiserId`...)."""
    last = position.path[-1]
    if "upstream" in last.lower():
        return ()
    for words in (last, position.field):
        named = [t for t in NODE_TYPES if t.lower() in words.lower()]
        if named:
            return (max(named, key=len),)
        if last not in ("id", "ids", "itemIds"):
            return ()
    return NODE_TYPES


def values_for(position: Position) -> list[Any]:
    """Hostile values as the position takes them (a list for list positions)."""
    scalar = position.type_text.strip("[]!")
    candidates: list[Any] = list(NASTY)
    if scalar == "ID":
        candidates += [
            base64.b64encode(f"{t}:{raw}".encode()).decode()
            for t in expected_types(position)
            for raw in WRAPPED
        ]
    if scalar in ("Int", "SafeInt"):
        candidates += [2**31, 2**53, -(2**63), 1.5]
    return [[c] if position.type_text.startswith("[") else c for c in candidates]


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    running = Harness(sandbox_settings(size=8))
    yield running
    running.close()


def check(position: Position, value: Any, response: httpx.Response) -> None:
    where = f"{position} = {value!r:.60}"
    assert response.status_code == 200, f"{where}: HTTP {response.status_code} {response.text:.300}"
    body = response.json()
    for error in body.get("errors", []):
        code = error["extensions"]["code"]
        assert code not in REFUSED_AS_CRASH, f"{where}: {code} {error['message']}"
        assert not PYTHON_TEXT.search(error["message"]), f"{where}: {error['message']}"
        if code == "BAD_USER_INPUT":
            made = body.get("extensions", {}).get("upstreamCalls", {}).get("calls", [])
            assert made == [], f"{where}: refused after {len(made)} upstream calls"
            if "path" in error:
                assert error["extensions"].get("argument"), f"{where}: {error}"


def test_every_root_field_has_probed_positions() -> None:
    probed = {p.field for p in POSITIONS}
    assert {"workItems", "sendTask", "inventoryList", "catalogItems", "nodes"} <= probed


@pytest.mark.parametrize("position", POSITIONS, ids=str)
def test_the_usual_suspects_in_every_position(harness: Harness, position: Position) -> None:
    for value in values_for(position):
        check(position, value, harness.post(position.document(SCHEMA), {"v": value}))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    position=st.sampled_from(POSITIONS),
    raw=st.text(min_size=0, max_size=40),
    wrap=st.sampled_from([None, *NODE_TYPES]),
)
def test_any_text_in_any_position(
    harness: Harness, position: Position, raw: str, wrap: str | None
) -> None:
    value: Any = raw
    if wrap is not None and position.type_text.strip("[]!") == "ID":
        value = base64.b64encode(f"{wrap}:{raw}".encode()).decode()
    if position.type_text.strip("[]!") in ("Int",):
        value = len(raw) - 20
    if position.type_text.startswith("["):
        value = [value]
    check(position, value, harness.post(position.document(SCHEMA), {"v": value}))
