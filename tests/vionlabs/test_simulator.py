"""The sandbox answers as the reference describes (auth forms, validation, state, shapes)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.sandbox.app import create_sandbox
from gateway.sources.vionlabs.simulator import DEMO_API_KEY, create_simulator

TASK = "/vionlabs/tasks/catalog-item/asset-0002/product/adbreaks/version/7.1.0"


@pytest.fixture
async def upstream() -> AsyncIterator[httpx.AsyncClient]:
    sandbox = create_sandbox({"vionlabs": create_simulator}, seed=7, size=5)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(sandbox), base_url="http://sandbox"
    ) as client:
        yield client


async def test_the_header_wins_over_the_query_parameter(upstream: httpx.AsyncClient) -> None:
    path = "/vionlabs/tasks/catalog-item/asset-0001"
    wrong_header = await upstream.get(
        path, headers={"X-API-Key": "x"}, params={"key": DEMO_API_KEY}
    )
    right_header = await upstream.get(
        path, headers={"X-API-Key": DEMO_API_KEY}, params={"key": "x"}
    )
    missing = await upstream.get(path)

    assert (wrong_header.status_code, wrong_header.json()) == (401, {"detail": "Not authenticated"})
    assert right_header.status_code == 200
    assert missing.status_code == 401


async def test_an_unknown_priority_is_a_422_on_body_priority(upstream: httpx.AsyncClient) -> None:
    response = await upstream.post(
        TASK, headers={"X-API-Key": DEMO_API_KEY}, json={"priority": "urgent"}
    )

    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "priority"]


async def test_list_elements_nest_the_status_and_carry_no_links(
    upstream: httpx.AsyncClient,
) -> None:
    auth = {"X-API-Key": DEMO_API_KEY}
    await upstream.post(TASK, headers=auth)

    listed = (await upstream.get("/vionlabs/tasks/catalog-item/asset-0002", headers=auth)).json()

    [entry] = [e for e in listed if (e["product"], e["version"]) == ("adbreaks", "7.1.0")]
    assert entry == {
        "task_status": {"status": "pending", "error": None},
        "product": "adbreaks",
        "version": "7.1.0",
    }


async def test_a_deactivated_task_can_be_created_again(upstream: httpx.AsyncClient) -> None:
    auth = {"X-API-Key": DEMO_API_KEY}
    await upstream.post(TASK, headers=auth)
    await upstream.delete(TASK, headers=auth)

    again = await upstream.post(TASK, headers=auth)

    assert again.json()["status"] == "pending"
    assert set(again.json()["_links"]) == {"self", "deactivate"}
