"""Oversized documents are refused before validation and before any upstream call."""

from __future__ import annotations

import time
from typing import Any

from graphql import get_introspection_query

from tests.conftest import Gateway, MakeGateway, calls, gid, sandbox_settings

DEEP_FIVE = "{ sendTasks(first: 1) { edges { node { product { name } } } } }"
DEEP_FIVE_BY_FRAGMENT = """
{ sendTasks(first: 1) { edges { ...Edge } } }
fragment Edge on SendTaskEdge { node { product { name } } }
"""
INTROSPECTION_FIVE = "{ __schema { types { fields { type { name } } } } }"


def limits(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The limits a refused document exceeded, by name, after checking that nothing ran."""
    assert "data" not in body
    assert calls(body) == []
    assert all(e["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED" for e in body["errors"])
    return {e["extensions"]["limit"]["name"]: e["extensions"]["limit"] for e in body["errors"]}


def refusal(body: dict[str, Any]) -> dict[str, Any]:
    """The one limit a refused document exceeded."""
    (limit,) = limits(body).values()
    return limit


def aliases(count: int) -> str:
    inner = " ".join(f"a{i}: totalCount" for i in range(count))
    return "{ sendTasks(first: 1) { " + inner + " } }"


async def test_depth_counts_fragments_as_if_inlined(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_query_depth=4))

    inline = await gw.gql(DEEP_FIVE)
    spread = await gw.gql(DEEP_FIVE_BY_FRAGMENT)
    allowed = await gw.gql("{ sendTasks(first: 1) { edges { node { upstreamId } } } }")

    assert refusal(inline) == {"name": "depth", "max": 4, "found": 5}
    assert refusal(spread) == {"name": "depth", "max": 4, "found": 5}
    assert allowed["data"]["sendTasks"]["edges"]


async def test_introspection_counts_towards_depth_but_graphiql_still_loads(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_query_depth=4))
    default: Gateway = await make_gateway(sandbox_settings())

    deep = await gw.gql(INTROSPECTION_FIVE)
    graphiql = await default.gql(get_introspection_query(descriptions=True))

    assert refusal(deep)["found"] == 5
    assert graphiql["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_introspection_nested_through_fields_and_types_is_refused(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(
        "{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }"
    )

    assert body["errors"][0]["message"] == "Maximum introspection depth exceeded"
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_sixteen_aliases_are_refused_and_fifteen_run(gateway: Gateway) -> None:
    over = await gateway.gql(aliases(16))
    at = await gateway.gql(aliases(15))

    assert refusal(over) == {"name": "aliases", "max": 15, "found": 16}
    assert at["data"]["sendTasks"]["a14"] > 0


async def test_a_fragment_spread_twice_counts_its_aliases_twice(gateway: Gateway) -> None:
    query = """
    { sendTasks(first: 1) { ...Eight } again: sendTasks(first: 1) { ...Eight } }
    fragment Eight on SendTaskConnection {
      a: totalCount b: totalCount c: totalCount d: totalCount
      e: totalCount f: totalCount g: totalCount h: totalCount
    }
    """
    assert refusal(await gateway.gql(query))["found"] == 17


async def test_a_fragment_bomb_is_measured_without_expanding_it(gateway: Gateway) -> None:
    # F0 has 2 aliases; each F(i) spreads F(i-1) twice: 2^21 aliases once expanded.
    fragments = ["fragment F0 on Query { a: __typename b: __typename }"] + [
        f"fragment F{i} on Query {{ ...F{i - 1} ...F{i - 1} }}" for i in range(1, 21)
    ]
    started = time.perf_counter()

    body = await gateway.gql("{ ...F20 } " + " ".join(fragments))

    assert limits(body)["aliases"]["found"] == 2**21
    assert time.perf_counter() - started < 5


async def test_eleven_root_fields_are_refused(gateway: Gateway) -> None:
    ids = [gid("SendTask", str(5000 + i)) for i in range(11)]
    fields = " ".join(f't{i}: sendTask(id: "{task}") {{ id }}' for i, task in enumerate(ids))

    refused = limits(await gateway.gql("{ " + fields + " }"))

    assert refused["rootFields"] == {"name": "rootFields", "max": 10, "found": 11}
    assert (await gateway.gql("{ " + fields.split(" t10:")[0] + " }")).get("errors") is None


async def test_root_fields_count_each_alias(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(max_root_fields=3, max_aliases=5))

    body = await gw.gql("{ a: __typename b: __typename c: __typename d: __typename }")

    assert refusal(body) == {"name": "rootFields", "max": 3, "found": 4}


async def test_too_many_directives_are_refused(gateway: Gateway) -> None:
    query = "{ __typename " + "@include(if: true) " * 51 + "}"

    assert refusal(await gateway.gql(query)) == {"name": "directives", "max": 50, "found": 51}


async def test_a_document_over_the_token_limit_is_refused_while_parsing(
    gateway: Gateway,
) -> None:
    # 2,002 tokens: `{`, 2,000 names, `}`; short enough for the length limit.
    query = "{ " + "__typename " * 2000 + "}"

    limit = refusal(await gateway.gql(query))

    assert limit == {"name": "tokens", "max": 2000, "found": 2002}


async def test_a_query_text_over_the_length_limit_is_refused_before_parsing(
    gateway: Gateway,
) -> None:
    query = "{ __typename" + " " * 40_000 + "}"

    limit = refusal(await gateway.gql(query))

    assert limit == {"name": "queryLength", "max": 32_768, "found": len(query)}


async def test_fields_nested_hundreds_deep_are_refused_not_a_500(gateway: Gateway) -> None:
    parser_gives_up = "{" + "a {" * 600 + "b" + "}" * 601
    measured = "{" + "a {" * 60 + "b" + "}" * 61

    assert refusal(await gateway.gql(parser_gives_up)) == {
        "name": "depth",
        "max": 10,
        "found": None,
    }
    assert refusal(await gateway.gql(measured)) == {"name": "depth", "max": 10, "found": 61}


# Validation compares every pair of fields in one selection set: 490 repeats of one field, well
# within the token limit, cost 0.6 s of graphql-core's CPU before this limit.
WIDE = "{ sendTasks(first: 1) { edges { node { " + "product { name } " * 101 + "} } } }"
WIDE_BY_FRAGMENTS = (
    "{ sendTasks(first: 1) { edges { node { ...Ids ...Ids } } } }"
    " fragment Ids on SendTask { " + "upstreamId " * 51 + "}"
)


async def test_a_selection_set_wider_than_the_limit_is_refused_before_validation(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(WIDE)

    assert refusal(body) == {"name": "selectionFields", "max": 100, "found": 101}


async def test_fragments_merged_into_a_selection_set_count_towards_its_width(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(WIDE_BY_FRAGMENTS)
    narrower = await gateway.gql(WIDE_BY_FRAGMENTS.replace("...Ids ...Ids", "...Ids"))

    assert refusal(body)["found"] == 102
    assert narrower["data"]["sendTasks"]["edges"]
