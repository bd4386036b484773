"""Trusted proxy mode: the user header counts only with the proxy's proof on the same request."""

from __future__ import annotations

import pytest

from gateway.callers.settings import AuthSettings
from tests.callers.helpers import post, refusal, upstream_requests
from tests.conftest import Gateway, MakeGateway, sandbox_settings

SECRET = "proxy-secret-0123456789"
WORK = "{ workInstances(type: OPEN, first: 1) { edges { node { detail { subject } } } } }"
PRIYA = {"X-Gateway-User": "priya.shah@example.com"}


def subject(body: dict[str, object]) -> str:
    assert body.get("errors") is None, body
    edges = body["data"]["workInstances"]["edges"]  # type: ignore[index]
    return str(edges[0]["node"]["detail"]["subject"])


@pytest.fixture
async def gw(make_gateway: MakeGateway) -> Gateway:
    gateway: Gateway = await make_gateway(sandbox_settings(auth=AuthSettings(proxy_secret=SECRET)))
    return gateway


async def test_the_user_header_with_the_proxys_secret_acts_as_that_user(gw: Gateway) -> None:
    response = await post(gw, {**PRIYA, "X-Gateway-Proxy-Secret": SECRET}, WORK)
    assert subject(response.json()).endswith(" for priya.shah")


async def test_the_user_header_without_proof_is_refused_before_any_upstream_call(
    gw: Gateway,
) -> None:
    before = await upstream_requests(gw)
    response = await post(gw, PRIYA, WORK)
    assert refusal(response) == (
        401,
        "UNAUTHENTICATED",
        "the X-Gateway-User header is accepted only through the trusted proxy",
    )
    assert await upstream_requests(gw) == before


async def test_a_wrong_secret_is_refused(gw: Gateway) -> None:
    response = await post(gw, {**PRIYA, "X-Gateway-Proxy-Secret": "guess"}, WORK)
    assert refusal(response)[2] == "the trusted proxy's secret does not match"


async def test_two_user_headers_are_refused(gw: Gateway) -> None:
    response = await gw.http.post(
        "/graphql",
        json={"query": WORK},
        headers=[
            ("X-Gateway-User", "priya.shah@example.com"),
            ("X-Gateway-User", "alex.morgan@example.com"),
            ("X-Gateway-Proxy-Secret", SECRET),
        ],
    )
    assert refusal(response)[2] == "more than one X-Gateway-User header"


async def test_two_users_folded_into_one_header_are_refused(gw: Gateway) -> None:
    folded = {"X-Gateway-User": "priya.shah@example.com, alex.morgan@example.com"}
    response = await post(gw, {**folded, "X-Gateway-Proxy-Secret": SECRET}, WORK)
    assert refusal(response)[2] == "more than one user in the X-Gateway-User header"


async def test_a_non_ascii_user_is_400_bad_user_input(gw: Gateway) -> None:
    response = await gw.http.post(
        "/graphql",
        json={"query": WORK},
        headers=[
            (b"X-Gateway-User", "zoë@example.com".encode()),
            (b"X-Gateway-Proxy-Secret", SECRET.encode()),
        ],
    )
    assert refusal(response) == (
        400,
        "BAD_USER_INPUT",
        "the X-Gateway-User header is empty or not printable ASCII text",
    )


async def test_a_request_from_a_proxy_network_needs_no_secret(make_gateway: MakeGateway) -> None:
    # httpx's ASGI transport reports the client as 127.0.0.1.
    auth = AuthSettings(proxy_networks=["127.0.0.0/8"])
    gw = await make_gateway(sandbox_settings(auth=auth))
    assert subject((await post(gw, PRIYA, WORK)).json()).endswith(" for priya.shah")


async def test_a_request_from_outside_the_proxy_networks_is_refused(
    make_gateway: MakeGateway,
) -> None:
    gw = await make_gateway(sandbox_settings(auth=AuthSettings(proxy_networks=["10.0.0.0/8"])))
    assert refusal(await post(gw, PRIYA, WORK))[0] == 401


async def test_the_proxy_may_grant_scopes_and_otherwise_grants_reading(gw: Gateway) -> None:
    proven = {**PRIYA, "X-Gateway-Proxy-Secret": SECRET}
    assert subject((await post(gw, proven, WORK)).json())
    with_scopes = {**proven, "X-Gateway-Scopes": "work:read xandr:write"}
    assert (await post(gw, with_scopes, WORK)).status_code == 200


async def test_without_proxy_mode_the_user_header_is_refused_not_ignored(
    gateway: Gateway,
) -> None:
    response = await post(gateway, PRIYA, WORK)
    assert refusal(response)[2] == (
        "the X-Gateway-User header is read only behind a trusted proxy; send a token instead"
    )
