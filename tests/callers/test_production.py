"""The production profile through HTTP: exploring aids off, upstream texts withheld, refusals."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.callers.api_keys import entry_for
from gateway.callers.settings import AuthSettings
from gateway.config import Settings
from tests.callers.helpers import SEND_TASKS, upstream_requests
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

KEY = "gwk_production-0123456789abcdefghijklmnopqrstuvwxyz"
CALLER = {"X-API-Key": KEY}
INTROSPECTION = "{ __schema { queryType { name } } }"
TYPO = "{ sendTasks(first: 1) { totalCont } }"
LIST = '{ inventoryList(id: "SW52ZW50b3J5TGlzdDozOTAw") { name } }'
UPSTREAM_TEXT = "deadlock on db-internal-7.corp (table inventory_list)"


def production(tmp_path: Path, **overrides: Any) -> Settings:
    keys = tmp_path / "keys.json"
    entry = entry_for(KEY, "ops", ["work:read", "work:write"], "sam.lee@example.com")
    keys.write_text(json.dumps({"keys": [entry.model_dump()]}))
    auth = AuthSettings(api_keys_file=keys)
    return sandbox_settings(environment="production", auth=auth, **overrides)


@pytest.fixture
async def prod(make_gateway: MakeGateway, tmp_path: Path) -> Gateway:
    gw: Gateway = await make_gateway(production(tmp_path, metrics_token="metrics-secret"))
    return gw


async def scripted_xandr_error(gw: Gateway) -> None:
    """Xandr answers the next calls with an error whose text names its internals."""
    assert gw.app is not None
    sandbox = httpx.AsyncClient(transport=httpx.ASGITransport(gw.app.state.sandbox))
    async with sandbox:
        response = await sandbox.put(
            "http://sandbox/xandr/_sandbox/error",
            json={"error_id": "INTEGRITY", "status": 400, "message": UPSTREAM_TEXT, "times": 9},
        )
    assert response.status_code == 200


async def test_introspection_is_off_but_typename_works(prod: Gateway, gateway: Gateway) -> None:
    body = await prod.gql(INTROSPECTION, headers=CALLER)
    assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    assert "introspection has been disabled" in body["errors"][0]["message"]
    assert (await prod.gql("{ __typename }", headers=CALLER))["data"] == {"__typename": "Query"}
    assert (await gateway.gql(INTROSPECTION))["data"]["__schema"]["queryType"]["name"] == "Query"


async def test_graphiql_is_not_served(prod: Gateway, gateway: Gateway) -> None:
    html = {"Accept": "text/html"}
    assert (await prod.http.get("/graphql", headers=html)).status_code == 404
    page = await gateway.http.get("/graphql", headers=html)
    assert page.status_code == 200 and "graphiql" in page.text.lower()


async def test_suggestions_are_stripped_from_validation_messages(
    prod: Gateway, gateway: Gateway
) -> None:
    assert "Did you mean 'totalCount'?" in (await gateway.gql(TYPO))["errors"][0]["message"]
    (error,) = (await prod.gql(TYPO, headers=CALLER))["errors"]
    assert error["message"] == "Cannot query field 'totalCont' on type 'SendTaskConnection'."
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"


async def test_the_debug_header_is_ignored(prod: Gateway) -> None:
    body = await prod.gql(SEND_TASKS, headers=CALLER)
    assert body["data"]["sendTasks"]["totalCount"] > 0
    assert "upstreamCalls" not in body.get("extensions", {})


async def test_no_sandbox_route_is_served(prod: Gateway) -> None:
    assert (await prod.http.get("/sandbox/_faults")).status_code == 404
    assert (await prod.http.put("/sandbox/_faults/xandr", json={"status": 503})).status_code == 404


async def test_metrics_need_their_token(prod: Gateway) -> None:
    assert (await prod.http.get("/metrics")).status_code == 401
    assert await upstream_requests(prod, token="metrics-secret") >= 0


async def test_metrics_are_not_served_without_a_token(
    make_gateway: MakeGateway, tmp_path: Path
) -> None:
    gw = await make_gateway(production(tmp_path))
    assert (await gw.http.get("/metrics")).status_code == 404


async def test_upstream_error_text_goes_to_the_log_not_the_client(
    prod: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    await scripted_xandr_error(prod)
    with caplog.at_level(logging.INFO):
        body = await prod.gql(LIST, headers=CALLER)
    (error,) = body["errors"]
    assert error["message"] == "xandr refused the request in the resource's current state"
    assert error["extensions"] == {
        "code": "CONFLICT",
        "source": "xandr",
        "status": 400,
        "upstreamCode": "INTEGRITY",
    }
    assert UPSTREAM_TEXT not in json.dumps(body)
    assert UPSTREAM_TEXT in caplog.text


async def test_development_forwards_the_upstream_text(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings())
    await scripted_xandr_error(gw)
    (error,) = (await gw.gql(LIST))["errors"]
    assert error["message"] == f"xandr: {UPSTREAM_TEXT}"


async def test_each_switch_can_be_turned_back_on(make_gateway: MakeGateway, tmp_path: Path) -> None:
    settings = production(
        tmp_path, introspection=True, suggestions=True, debug_calls=True, upstream_error_text=True
    )
    gw = await make_gateway(settings)
    assert (await gw.gql(INTROSPECTION, headers=CALLER))["data"] is not None
    assert "Did you mean" in (await gw.gql(TYPO, headers=CALLER))["errors"][0]["message"]
    assert calls(await gw.gql(SEND_TASKS, headers=CALLER))


async def test_requests_without_credentials_are_refused(prod: Gateway) -> None:
    response = await prod.http.post("/graphql", json={"query": SEND_TASKS})
    assert response.status_code == 401


RENAME = """mutation {
  updateInventoryList(input: {id: "SW52ZW50b3J5TGlzdDozOTAw", name: "Renamed"}) {
    inventoryList { name } userErrors { field message code } } }"""


async def test_a_mutations_user_errors_withhold_the_upstream_text_too(
    prod: Gateway, caplog: pytest.LogCaptureFixture
) -> None:
    await scripted_xandr_error(prod)
    with caplog.at_level(logging.INFO):
        body = await prod.gql(RENAME, headers=CALLER)
    (refusal,) = body["data"]["updateInventoryList"]["userErrors"]
    assert refusal["code"] == "CONFLICT"
    assert refusal["message"] == "xandr refused the request in the resource's current state"
    assert UPSTREAM_TEXT not in json.dumps(body)
    assert UPSTREAM_TEXT in caplog.text


WORK = "{ workInstances(type: OPEN, first: 1) { edges { node { upstreamId } } } }"


async def test_a_refused_service_id_keeps_its_own_hint_in_production(prod: Gateway) -> None:
    """The gateway's own message for its own misconfiguration, not "blueworks refused ..."."""
    assert prod.app is not None
    sandbox = httpx.AsyncClient(transport=httpx.ASGITransport(prod.app.state.sandbox))
    async with sandbox:
        # 403 with and without X-On-Behalf-Of: Blueworks refuses the Service ID itself.
        fault = {"status": 403, "path_prefix": "/scr"}
        response = await sandbox.put("http://sandbox/_faults/blueworks", json=fault)
    assert response.status_code == 200

    (error,) = (await prod.gql(WORK, headers=CALLER))["errors"]

    assert error["extensions"]["code"] == "UPSTREAM_CREDENTIALS_REJECTED"
    assert error["message"] == (
        "blueworks does not accept the gateway's own credential for this API (the caller's is "
        "not in question): the gateway's blueworks client settings need fixing"
    )
