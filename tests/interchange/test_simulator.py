"""The Interchange sandbox on its own, over HTTP: what the gateway cannot show from outside."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.sandbox.app import create_sandbox
from gateway.sources.interchange.simulator import (
    DEMO_API_KEY,
    TOS_PENDING_API_KEY,
    create_simulator,
)
from tests.interchange.helpers import ITEMS

LIST = f"/interchange{ITEMS}/retail-modular/modular/work-items"
RATE_HEADERS = {"ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"}


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
async def sandbox() -> AsyncIterator[httpx.AsyncClient]:
    app = create_sandbox({"interchange": create_simulator}, seed=7, size=60)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://sandbox.test"
    ) as client:
        yield client


async def test_an_unknown_key_is_refused_with_the_unauthorized_envelope(
    sandbox: httpx.AsyncClient,
) -> None:
    response = await sandbox.get(LIST, headers=bearer("scope3_someone_else"))
    assert response.status_code == 401
    assert response.json() == {
        "data": None,
        "error": {"code": "UNAUTHORIZED", "message": "Missing or invalid API key"},
    }
    assert set(response.headers) >= RATE_HEADERS


async def test_every_answer_carries_the_rate_limit_headers(sandbox: httpx.AsyncClient) -> None:
    first = await sandbox.get(LIST, headers=bearer(DEMO_API_KEY))
    second = await sandbox.get(f"{LIST}/wi_nope", headers=bearer(DEMO_API_KEY))
    assert second.status_code == 404
    assert set(first.headers) >= RATE_HEADERS and set(second.headers) >= RATE_HEADERS
    remaining = int(first.headers["ratelimit-remaining"])
    assert int(second.headers["ratelimit-remaining"]) == remaining - 1
    assert "retry-after" not in first.headers


async def test_the_list_defaults_to_open_work_and_wraps_it_in_the_envelope(
    sandbox: httpx.AsyncClient,
) -> None:
    body = (await sandbox.get(LIST, headers=bearer(DEMO_API_KEY))).json()
    assert body["error"] is None
    statuses = {i.get("status") for i in body["data"]["items"]}
    assert statuses - {None} == {"OPEN", "IN_PROGRESS", "BLOCKED"}
    assert body["data"]["total"] >= len(body["data"]["items"])


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("status=OPEN,DONE", "status"),
        ("kind=NAP", "kind"),
        ("resourceId=", "resourceId"),
        ("buyerCustomerId=9007199254740992", "buyerCustomerId"),
    ],
)
async def test_out_of_range_parameters_answer_400_with_the_field(
    sandbox: httpx.AsyncClient, query: str, field: str
) -> None:
    response = await sandbox.get(f"{LIST}?{query}", headers=bearer(DEMO_API_KEY))
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert response.json()["error"]["field"] == field


async def test_total_counts_every_match_while_items_stop_at_the_limit(
    sandbox: httpx.AsyncClient,
) -> None:
    body = (await sandbox.get(f"{LIST}?limit=2", headers=bearer(DEMO_API_KEY))).json()
    assert len(body["data"]["items"]) == 2
    assert body["data"]["total"] > 2


async def test_a_key_that_has_not_accepted_the_terms_may_read_but_not_write(
    sandbox: httpx.AsyncClient,
) -> None:
    read = await sandbox.get(f"{LIST}/wi_10000", headers=bearer(TOS_PENDING_API_KEY))
    assert read.status_code == 200
    write = await sandbox.post(
        f"{LIST}/wi_10000/complete", json={}, headers=bearer(TOS_PENDING_API_KEY)
    )
    assert write.status_code == 403
    assert write.json()["error"]["code"] == "TOS_ACCEPTANCE_REQUIRED"


async def test_completion_checks_required_fields_then_refuses_a_second_completion(
    sandbox: httpx.AsyncClient,
) -> None:
    path, key = f"{LIST}/wi_10000/complete", bearer(DEMO_API_KEY)
    missing = await sandbox.post(path, json={"result": {}}, headers=key)
    assert missing.status_code == 400
    assert missing.json()["error"]["field"] == "result.decision"
    done = await sandbox.post(path, json={"result": {"decision": "APPROVED"}}, headers=key)
    assert done.json()["data"]["ok"] is True
    assert done.json()["data"]["item"]["status"] == "COMPLETED"
    again = await sandbox.post(path, json={"result": {"decision": "APPROVED"}}, headers=key)
    assert again.status_code == 409
    assert again.json()["error"]["code"] == "CONFLICT"


async def test_the_rate_limit_answers_429_with_retry_after(sandbox: httpx.AsyncClient) -> None:
    await sandbox.put("/interchange/_sandbox/mode", json={"rateLimitPerMinute": 1})
    await sandbox.get(LIST, headers=bearer(DEMO_API_KEY))
    limited = await sandbox.get(LIST, headers=bearer(DEMO_API_KEY))
    assert limited.status_code == 429
    assert limited.json()["error"]["code"] == "RATE_LIMITED"
    assert 0 < int(limited.headers["retry-after"]) <= 60
    assert limited.headers["ratelimit-remaining"] == "0"
