"""API keys of service callers: hashed in a file, sent as a bearer token or in X-API-Key."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gateway.app import create_app
from gateway.callers.api_keys import entry_for
from gateway.callers.settings import AuthSettings
from gateway.config import ConfigurationError
from tests.callers.helpers import SEND_TASKS, bearer, post, refusal, upstream_requests
from tests.conftest import Gateway, MakeGateway, sandbox_settings

DASHBOARD_KEY = "gwk_dashboard-key-0123456789abcdefghijklmnopqrstuv"
ROBOT_KEY = "gwk_robot-key-0123456789abcdefghijklmnopqrstuvwxyz"
WORK = "{ workInstances(type: OPEN, first: 1) { edges { node { detail { subject } } } } }"


def write_keys(path: Path) -> Path:
    entries = [
        entry_for(DASHBOARD_KEY, "ops-dashboard", ["work:read"], "sam.lee@example.com"),
        entry_for(ROBOT_KEY, "delivery-robot", ["work:read", "limbobeat:write"], None),
    ]
    path.write_text(json.dumps({"keys": [e.model_dump() for e in entries]}))
    return path


@pytest.fixture
async def gw(make_gateway: MakeGateway, tmp_path: Path) -> Gateway:
    auth = AuthSettings(api_keys_file=write_keys(tmp_path / "keys.json"))
    gateway: Gateway = await make_gateway(sandbox_settings(auth=auth))
    return gateway


def test_the_file_holds_hashes_not_keys(tmp_path: Path) -> None:
    text = write_keys(tmp_path / "keys.json").read_text()
    assert DASHBOARD_KEY not in text and ROBOT_KEY not in text


@pytest.mark.parametrize("header", ["bearer", "x-api-key"])
async def test_a_known_key_is_accepted_in_either_header(gw: Gateway, header: str) -> None:
    sent = bearer(DASHBOARD_KEY) if header == "bearer" else {"X-API-Key": DASHBOARD_KEY}
    response = await post(gw, sent, SEND_TASKS)
    assert response.status_code == 200
    assert response.json()["data"]["sendTasks"]["totalCount"] > 0


async def test_a_keys_fixed_user_is_the_acting_user(gw: Gateway) -> None:
    body = (await post(gw, {"X-API-Key": DASHBOARD_KEY}, WORK)).json()
    (edge,) = body["data"]["workInstances"]["edges"]
    assert edge["node"]["detail"]["subject"].endswith(" for sam.lee")


async def test_a_key_without_a_user_acts_for_nobody(gw: Gateway) -> None:
    body = (await post(gw, {"X-API-Key": ROBOT_KEY}, WORK)).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED_CALLER"


@pytest.mark.parametrize("header", ["bearer", "x-api-key"])
async def test_an_unknown_key_is_refused_without_echoing_it(gw: Gateway, header: str) -> None:
    key = "gwk_not-a-key-we-know-0123456789abcdefghijklmn"
    sent = bearer(key) if header == "bearer" else {"X-API-Key": key}
    before = await upstream_requests(gw)
    response = await post(gw, sent)
    assert refusal(response) == (401, "UNAUTHENTICATED", "the API key is not known")
    assert key not in response.text
    assert await upstream_requests(gw) == before


async def test_two_credentials_at_once_are_refused(gw: Gateway) -> None:
    response = await post(gw, {**bearer(DASHBOARD_KEY), "X-API-Key": ROBOT_KEY})
    assert (
        refusal(response)[2] == "two credentials given: send Authorization or X-API-Key, not both"
    )


async def test_a_duplicated_key_header_is_refused(gw: Gateway) -> None:
    response = await gw.http.post(
        "/graphql",
        json={"query": SEND_TASKS},
        headers=[("X-API-Key", DASHBOARD_KEY), ("X-API-Key", ROBOT_KEY)],
    )
    assert refusal(response)[2] == "more than one X-API-Key header"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", "is not JSON"),
        ('{"keys": [{"name": "a", "sha256": "plain-key"}]}', "keys.0.sha256"),
        (
            '{"keys": [{"name": "a", "sha256": "' + "0" * 64 + '", "scopes": ["work:admin"]}]}',
            "unknown scope 'work:admin'",
        ),
    ],
)
def test_an_unusable_key_file_stops_start_up_in_one_line(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "keys.json"
    path.write_text(content)
    with pytest.raises(ConfigurationError) as refused:
        create_app(sandbox_settings(auth=AuthSettings(api_keys_file=path)))
    message = str(refused.value)
    assert message.startswith("GATEWAY_AUTH__API_KEYS_FILE: ") and expected in message
    assert "\n" not in message
