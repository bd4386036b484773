"""Documents are parsed and validated once per text; limits and per-request rules still hold."""

from __future__ import annotations

from typing import Any

import pytest
import strawberry.schema.schema as strawberry_schema
from graphql import parse

from schema.graph.document_cache import DocumentCache
from tests.conftest import MakeGateway, sandbox_settings

QUERY = "query One($id: ID!) { sendTask(id: $id) { upstreamId status } }"
INVALID = '{ sendTask(id: "x") { noSuchField } }'
THREE = "{ sendTasks(first: 3) { edges { node { id upstreamId } } } }"
INTROSPECTION = "{ __schema { queryType { name } } }"


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts graphql-core's validate() runs made by strawberry."""
    runs: list[int] = []
    original = vars(strawberry_schema)["validate"]

    def counting(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(strawberry_schema, "validate", counting)
    return runs


async def test_a_repeated_document_is_validated_once_whatever_its_variables(
    make_gateway: MakeGateway, validations: list[int]
) -> None:
    gw = await make_gateway(sandbox_settings())
    nodes = [e["node"] for e in (await gw.gql(THREE))["data"]["sendTasks"]["edges"]]
    answers = [await gw.gql(QUERY, {"id": node["id"]}) for node in nodes]

    assert [a["data"]["sendTask"]["upstreamId"] for a in answers] == ["5000", "5001", "5002"]
    assert len(validations) == 2  # the listing, then QUERY once


async def test_an_invalid_document_gets_the_same_errors_every_time(
    make_gateway: MakeGateway, validations: list[int]
) -> None:
    gw = await make_gateway(sandbox_settings())
    first, second = await gw.gql(INVALID), await gw.gql(INVALID)

    assert first["errors"] == second["errors"]
    assert first["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "noSuchField" in first["errors"][0]["message"]
    assert len(validations) == 1


async def test_the_production_ban_on_introspection_holds_for_a_cached_document(
    make_gateway: MakeGateway,
) -> None:
    open_gw = await make_gateway(sandbox_settings())
    closed = await make_gateway(sandbox_settings(environment="production", auth={"mode": ["none"]}))
    assert "errors" not in await open_gw.gql(INTROSPECTION)

    for _ in range(2):
        refused = await closed.gql(INTROSPECTION, debug=False)
        assert refused["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_a_document_over_a_limit_is_refused_every_time(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings(max_aliases=1))
    aliased = "{ a: __typename b: __typename }"
    for _ in range(2):
        refused = await gw.gql(aliased)
        assert refused["errors"][0]["extensions"]["limit"]["name"] == "aliases"


def test_the_cache_keeps_the_most_recent_texts_within_its_character_bound() -> None:
    cache = DocumentCache(max_chars=40)
    texts = ["{ a: __typename }", "{ b: __typename }", "{ c: __typename }"]
    for text in texts[:2]:
        cache.put(text, parse(text))
    assert cache.get(texts[0]) is not None  # now the most recently used
    cache.put(texts[2], parse(texts[2]))

    assert cache.get(texts[1]) is None
    assert cache.get(texts[0]) is not None and cache.get(texts[2]) is not None
    assert cache.put("{ " + "x " * 30 + "}", parse("{ x }")) is None  # longer than the bound
    assert len(cache) == 2
