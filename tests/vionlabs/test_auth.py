"""The API key: sent as configured, refused keys reported, and never in logs or errors."""

from __future__ import annotations

import json
import logging

import httpx
import pytest

from gateway.config import Settings
from gateway.errors import UpstreamUnauthenticated
from gateway.sandbox.app import create_sandbox
from gateway.sources.vionlabs.client import TaskRef, open_client
from gateway.sources.vionlabs.settings import VionlabsSettings
from gateway.sources.vionlabs.simulator import DEMO_API_KEY, create_simulator
from tests.conftest import MakeGateway, sandbox_settings

SECRET = "s3cret-vionlabs-key"

ITEMS_AND_TASK = """
query {
  catalogItems(upstreamIds: ["asset-0001", "asset-0002"]) { id tasks { product } }
  catalogTask(id: "Q2F0YWxvZ1Rhc2s6YXNzZXQtMDAwM3xhZGJyZWFrc3wxLjAuMQ==") { status }
}
"""

ITEM = """
query { catalogItem(id: "Q2F0YWxvZ0l0ZW06YXNzZXQtMDAwNA==") { id } }
"""


def query_settings() -> Settings:
    return sandbox_settings(vionlabs=VionlabsSettings(key_transport="query"))


async def test_a_key_sent_as_query_parameter_is_absent_from_logs_and_errors(
    make_gateway: MakeGateway, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    # The CLI quiets httpx; this test wants its full-URL lines, to see the key is not on them.
    caplog.set_level(logging.DEBUG, logger="httpx")
    gw = await make_gateway(query_settings())

    ok = await gw.gql(ITEMS_AND_TASK)
    await gw.fault("vionlabs", status=503)
    failed = await gw.gql(ITEM)

    assert "errors" not in ok and ok["data"]["catalogItems"][0]["tasks"]
    assert failed["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    # httpx logs every request's full URL at INFO: the key must not be on that URL.
    assert "HTTP Request: GET http://sandbox.internal/vionlabs/tasks/" in caplog.text
    assert DEMO_API_KEY not in caplog.text
    assert DEMO_API_KEY not in json.dumps(ok) + json.dumps(failed)


@pytest.mark.parametrize("status", [401, 403])
async def test_a_refused_key_is_upstream_unauthenticated_for_401_and_403(
    make_gateway: MakeGateway, status: int
) -> None:
    gw = await make_gateway(query_settings())
    await gw.fault("vionlabs", status=status)

    body = await gw.gql(ITEM)

    assert body["data"]["catalogItem"] is None
    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "UPSTREAM_UNAUTHENTICATED",
        "source": "vionlabs",
        "status": status,
    }


@pytest.mark.parametrize("transport", ["header", "query"])
async def test_a_wrong_key_is_refused_by_the_sandbox_without_being_reported(
    transport: str, caplog: pytest.LogCaptureFixture
) -> None:
    # The sandbox's demo key replaces any configured one, so this goes around the app.
    caplog.set_level(logging.DEBUG)
    sandbox = create_sandbox({"vionlabs": create_simulator}, seed=1, size=5)
    settings = VionlabsSettings.model_validate(
        {"base_url": "http://sandbox/vionlabs", "api_key": SECRET, "key_transport": transport}
    )
    client = open_client(settings, httpx.ASGITransport(sandbox))

    with pytest.raises(UpstreamUnauthenticated) as refused:
        await client.get_task(TaskRef("asset-0001", "adbreaks", "1.0.1"))
    await client.aclose()

    assert SECRET not in str(refused.value) + json.dumps(refused.value.extensions())
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    ("transport", "in_header", "in_query"), [("header", SECRET, None), ("query", None, SECRET)]
)
async def test_the_key_travels_as_the_setting_says(
    transport: str, in_header: str | None, in_query: str | None
) -> None:
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    settings = VionlabsSettings.model_validate(
        {"base_url": "http://vionlabs.test", "api_key": SECRET, "key_transport": transport}
    )
    client = open_client(settings, httpx.MockTransport(answer))
    await client.list_item_tasks("asset 1?2")
    await client.aclose()

    [request] = seen
    assert request.headers.get("x-api-key") == in_header
    assert request.url.params.get("key") == in_query
    # Percent-encoded as one segment (a slash it refuses: no FastAPI route can take one).
    assert request.url.raw_path.startswith(b"/tasks/catalog-item/asset%201%3F2")
