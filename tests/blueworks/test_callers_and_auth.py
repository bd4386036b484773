"""Acting user (X-On-Behalf-Of), OAuth2 client credentials, and the account-host redirect."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from gateway.errors import UpstreamCredentialsRejected
from gateway.sandbox.app import create_sandbox
from gateway.sources.blueworks.client import open_client
from gateway.sources.blueworks.settings import BlueworksSettings
from gateway.sources.blueworks.simulator import DEFAULT_TOKEN_LIFETIME_S
from gateway.sources.blueworks.simulator.gate import ADMIN_SERVICE_ID, ADMIN_SERVICE_SECRET
from gateway.sources.blueworks.source import BLUEWORKS
from tests.blueworks.helpers import (
    WORK_PAGE,
    WORK_WITH_DETAIL,
    error_code,
    nodes,
    token_requests,
)
from tests.conftest import Gateway, MakeGateway, as_user, calls, sandbox_settings

OPEN_PAGE = {"type": "OPEN", "first": 10}


async def test_twenty_concurrent_queries_fetch_one_token(gateway: Gateway) -> None:
    bodies = await asyncio.gather(*(gateway.gql(WORK_PAGE, OPEN_PAGE) for _ in range(20)))
    assert all(len(nodes(body)) == 10 for body in bodies)
    assert sum(token_requests(body) for body in bodies) == 1


async def test_an_expired_token_is_replaced_once_and_the_query_succeeds(gateway: Gateway) -> None:
    first = await gateway.gql(WORK_PAGE, OPEN_PAGE)
    assert token_requests(first) == 1
    await gateway.advance_clock(DEFAULT_TOKEN_LIFETIME_S + 1)
    body = await gateway.gql(WORK_PAGE, OPEN_PAGE)
    assert nodes(body) == nodes(first)
    made = calls(body, "blueworks")
    assert token_requests(body) == 1
    assert [c["status"] for c in made] == [401, 200, 200]


async def test_two_callers_see_their_own_work_only(gateway: Gateway) -> None:
    seen: dict[str, set[str]] = {}
    for user in ("alex.morgan@example.com", "priya.shah@example.com"):
        body = await gateway.gql(WORK_WITH_DETAIL, {"first": 10}, headers=as_user(user))
        work = nodes(body)
        assert len(work) == 10
        # The sandbox names each instance's subject after the user who started it.
        assert {n["detail"]["subject"].rsplit(" for ", 1)[1] for n in work} == {user.split("@")[0]}
        seen[user] = {n["upstreamId"] for n in work}
    assert not seen["alex.morgan@example.com"] & seen["priya.shah@example.com"]


async def test_a_user_unknown_to_the_account_is_forbidden(gateway: Gateway) -> None:
    for user in ("nobody@example.com", "viewer@example.com"):
        body = await gateway.gql(WORK_PAGE, OPEN_PAGE, headers=as_user(user))
        assert body["data"]["workInstances"] is None
        assert error_code(body) == "FORBIDDEN"
        assert body["errors"][0]["extensions"]["source"] == "blueworks"


async def test_no_caller_with_an_account_service_id_is_refused_without_upstream_calls(
    make_gateway: MakeGateway,
) -> None:
    gw = await make_gateway(sandbox_settings(sandbox_user=""))
    body = await gw.gql(WORK_PAGE, OPEN_PAGE)
    assert body["data"]["workInstances"] is None
    assert error_code(body) == "UNAUTHENTICATED_CALLER"
    assert calls(body, "blueworks") == []


async def test_a_user_service_id_needs_no_caller_and_acts_as_its_own_user(
    make_gateway: MakeGateway,
) -> None:
    settings = sandbox_settings(
        sandbox_user="", blueworks=BlueworksSettings(service_id_kind="user")
    )
    gw = await make_gateway(settings)
    work = nodes(await gw.gql(WORK_WITH_DETAIL, {"first": 3}))
    assert {n["detail"]["subject"].rsplit(" for ", 1)[1] for n in work} == {"demo"}


async def test_the_login_host_redirect_is_followed_once_then_remembered(gateway: Gateway) -> None:
    first = calls(await gateway.gql(WORK_PAGE, OPEN_PAGE), "blueworks")
    assert [(c["path"], c["status"]) for c in first[1:]] == [
        ("/blueworks/scr/api/WorkList", 301),
        ("/blueworks/us001/scr/api/WorkList", 200),
    ]
    second = calls(await gateway.gql(WORK_PAGE, OPEN_PAGE), "blueworks")
    assert [(c["path"], c["status"]) for c in second] == [
        ("/blueworks/us001/scr/api/WorkList", 200)
    ]


async def test_a_service_id_of_another_category_is_the_gateways_credential_not_the_users() -> None:
    sandbox = create_sandbox({"blueworks": BLUEWORKS.simulator}, seed=20261123, size=10)
    settings = BlueworksSettings(
        base_url="http://sandbox.internal/blueworks",
        client_id=ADMIN_SERVICE_ID,
        client_secret=ADMIN_SERVICE_SECRET,
    )
    client = open_client(settings, httpx.ASGITransport(sandbox))
    try:
        with pytest.raises(UpstreamCredentialsRejected) as refused:
            await client.list_work("alex.morgan@example.com", "open", start_from=0, limit=3)
        with pytest.raises(UpstreamCredentialsRejected):
            await client.probe()
    finally:
        await client.aclose()
    assert refused.value.extensions()["code"] == "UPSTREAM_CREDENTIALS_REJECTED"
    assert "GATEWAY_BLUEWORKS__CLIENT_ID" in refused.value.message
