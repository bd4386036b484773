"""The issue's own cases: values the gateway can judge are refused before any call, by name."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls, gid

BUYER = "query($b: SafeInt) { workItems(filter: {buyerCustomerId: $b}) { totalCount } }"
WORK_ITEM = "query($id: ID!) { workItem(id: $id) { title } }"
CATALOG = "query($ids: [ID!]!) { catalogItems(upstreamIds: $ids) { id } }"


def refused(body: dict[str, Any]) -> dict[str, Any]:
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "BAD_USER_INPUT", error
    assert "int()" not in error["message"] and "invalid literal" not in error["message"]
    assert calls(body) == []
    return dict(error)


async def test_a_superscript_digit_is_bad_user_input_as_literal_and_as_variable(
    gateway: Gateway,
) -> None:
    literal = await gateway.gql('{ workItems(filter: {buyerCustomerId: "²"}) { totalCount } }')
    variable = await gateway.gql(BUYER, {"b": "²"})

    # Each names where the value was: the argument of a literal, the variable of a variable.
    assert refused(literal)["extensions"]["argument"] == "filter.buyerCustomerId"
    assert "'$b'" in refused(variable)["message"]


async def test_a_decimal_string_is_still_a_safe_int(gateway: Gateway) -> None:
    body = await gateway.gql(BUYER, {"b": "4242"})

    assert "errors" not in body


async def test_an_empty_or_slash_ended_id_never_reaches_the_upstream(gateway: Gateway) -> None:
    empty_key = await gateway.gql(WORK_ITEM, {"id": gid("WorkItem", "")})
    slash = await gateway.gql(WORK_ITEM, {"id": gid("WorkItem", "retail-modular|wi-1/")})
    catalog = await gateway.gql(CATALOG, {"ids": ["asset-0001/"]})

    assert refused(empty_key)["extensions"]["argument"] == "id"
    assert refused(slash)["extensions"]["argument"] == "id"
    assert refused(catalog)["extensions"]["argument"]
