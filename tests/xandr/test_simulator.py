"""The Xandr sandbox on its own, over HTTP: the reference's envelope, limits and quirks."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.sandbox.app import create_sandbox
from gateway.sources.xandr.simulator import DEMO_PASSWORD, DEMO_USERNAME, create_simulator

CREDENTIALS = {"auth": {"username": DEMO_USERNAME, "password": DEMO_PASSWORD}}


@pytest.fixture
async def api() -> AsyncIterator[httpx.AsyncClient]:
    sandbox = create_sandbox({"xandr": create_simulator}, seed=7, size=250)
    transport = httpx.ASGITransport(sandbox)
    async with httpx.AsyncClient(transport=transport, base_url="http://sb/xandr") as client:
        yield client


async def login(api: httpx.AsyncClient) -> dict[str, str]:
    response = await api.post("/auth", json=CREDENTIALS)
    token: str = response.json()["response"]["token"]
    api.cookies.clear()
    return {"Authorization": token}


def inner(response: httpx.Response) -> dict[str, Any]:
    body: dict[str, Any] = response.json()["response"]
    return body


async def test_reads_carry_the_envelope_and_truncate_silently_at_100(
    api: httpx.AsyncClient,
) -> None:
    auth = await login(api)
    page = inner(await api.get("/inventory-list?num_elements=500", headers=auth))
    assert page["status"] == "OK" and "dbg_info" in page
    assert (page["count"], page["num_elements"], len(page["inventory-lists"])) == (250, 100, 100)
    ids = ",".join(str(3900 + n) for n in range(150))
    batch = inner(await api.get(f"/inventory-list?id={ids}", headers=auth))
    assert len(batch["inventory-lists"]) == 100


async def test_one_id_answers_with_the_singular_key_and_unknown_is_404(
    api: httpx.AsyncClient,
) -> None:
    auth = await login(api)
    one = inner(await api.get("/inventory-list?id=3901", headers=auth))
    assert one["inventory-list"]["id"] == 3901
    missing = await api.get("/inventory-list?id=1", headers=auth)
    assert missing.status_code == 404 and inner(missing)["error_id"] == "SYNTAX"


async def test_the_token_is_sent_raw_not_as_a_bearer_token(api: httpx.AsyncClient) -> None:
    auth = await login(api)
    refused = await api.get(
        "/inventory-list", headers={"Authorization": f"Bearer {auth['Authorization']}"}
    )
    assert refused.status_code == 401 and inner(refused)["error_id"] == "NOAUTH"
    wrong = await api.post("/auth", json={"auth": {"username": DEMO_USERNAME, "password": "x"}})
    assert inner(wrong) | {"dbg_info": None} == {
        "error_id": "NOAUTH",
        "error": "No match found for user/pass",
        "dbg_info": None,
    }


async def test_the_eleventh_login_in_five_minutes_is_rate_limited(api: httpx.AsyncClient) -> None:
    for _ in range(10):
        assert (await api.post("/auth", json=CREDENTIALS)).status_code == 200
    eleventh = await api.post("/auth", json=CREDENTIALS)
    assert eleventh.status_code == 429
    assert inner(eleventh)["error_code"] == "RATE_EXCEEDED"
    assert int(eleventh.headers["retry-after"]) > 0


async def test_legacy_words_and_type_changes_are_refused_with_syntax(
    api: httpx.AsyncClient,
) -> None:
    auth = await login(api)
    legacy = {"inventory-list": {"name": "Old", "inventory_list_type": "whitelist"}}
    refused = await api.post("/inventory-list", json=legacy, headers=auth)
    assert refused.status_code == 400 and inner(refused)["error_id"] == "SYNTAX"
    kind = inner(await api.get("/inventory-list/3900", headers=auth))["inventory-list"]
    other = "blocklist" if kind["inventory_list_type"] == "allowlist" else "allowlist"
    change = {"inventory-list": {"inventory_list_type": other}}
    assert (await api.put("/inventory-list/3900", json=change, headers=auth)).status_code == 400
    same = {"inventory-list": {"inventory_list_type": kind["inventory_list_type"]}}
    assert (await api.put("/inventory-list/3900", json=same, headers=auth)).status_code == 200


async def test_the_item_service_takes_at_most_1000_items_a_post(api: httpx.AsyncClient) -> None:
    auth = await login(api)
    items = {"inventory-list-items": [{"url": f"s{n}.example.com"} for n in range(1001)]}
    refused = await api.post("/inventory-list/3900/item", json=items, headers=auth)
    assert refused.status_code == 400 and inner(refused)["error_id"] == "SYNTAX"


async def test_more_than_15_concurrent_calls_get_an_error_inside_http_200(
    api: httpx.AsyncClient,
) -> None:
    auth = await login(api)
    answers = await asyncio.gather(*(api.get("/inventory-list", headers=auth) for _ in range(20)))
    refused = [a for a in answers if "error_id" in inner(a)]
    assert refused and all(a.status_code == 200 for a in refused)
    assert inner(refused[0])["error_code"] == "CONCURRENCY_EXCEEDED"
    assert len(answers) - len(refused) == 15
