"""The Blueworks simulator on its own, over HTTP: what the reference says the upstream does."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from gateway.sandbox.app import create_sandbox
from gateway.sources.blueworks import simulator as sim

API = "/blueworks/us001/scr/api"
DEMO = "demo@example.com"


async def _token(http: httpx.AsyncClient, client_id: str, secret: str) -> str:
    form = {"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}
    response = await http.post("/blueworks/oauth/token", data=form)
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    sandbox = create_sandbox({"blueworks": sim.create_simulator}, seed=7, size=420)
    transport = httpx.ASGITransport(sandbox)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim.test") as client:
        token = await _token(client, sim.SERVICE_ID, sim.SERVICE_SECRET)
        client.headers.update({"Authorization": f"Bearer {token}", "X-On-Behalf-Of": DEMO})
        yield client


async def work_list(http: httpx.AsyncClient, **params: str) -> httpx.Response:
    return await http.get(f"{API}/WorkList", params={"version": sim.VERSION, **params})


@pytest.mark.parametrize(
    "params",
    [
        {"type": "assigned"},
        {"version": "20120101", "type": "open"},
        {"type": "open", "limit": "-1"},
        {"type": "open", "startFrom": "x"},
    ],
)
async def test_bad_type_version_or_paging_is_a_plain_text_400(
    http: httpx.AsyncClient, params: dict[str, str]
) -> None:
    response = await work_list(http, **params)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")


async def test_a_missing_type_is_a_400(http: httpx.AsyncClient) -> None:
    response = await http.get(f"{API}/WorkList", params={"version": sim.VERSION})
    assert response.status_code == 400


async def test_limit_defaults_to_and_is_capped_at_one_hundred(http: httpx.AsyncClient) -> None:
    default = (await work_list(http, type="open")).json()
    capped = (await work_list(http, type="open", limit="500")).json()
    assert len(default["work"]) == len(capped["work"]) == 100
    assert capped["more"] is True
    rest = (await work_list(http, type="open", startFrom="100")).json()
    assert rest["more"] is False and 0 < len(rest["work"]) < 100
    assert default["type"] == "open" and default["version"] == sim.VERSION


async def test_apps_are_listed_once_for_the_page_only(http: httpx.AsyncClient) -> None:
    page = (await work_list(http, type="closed", limit="2")).json()
    assert [a["id"] for a in page["apps"]] == list(dict.fromkeys(w["appId"] for w in page["work"]))
    assert {a["type"] for a in page["apps"]} <= {"Workflow", "Checklist"}


async def test_an_undated_instance_has_no_due_date_key(http: httpx.AsyncClient) -> None:
    work = (await work_list(http, type="open")).json()["work"]
    assert any("dueDate" not in w for w in work)
    assert all(w.get("dueDate", 0) is not None for w in work)


async def test_on_behalf_of_is_required_and_checked(http: httpx.AsyncClient) -> None:
    del http.headers["X-On-Behalf-Of"]
    assert (await work_list(http, type="open")).status_code == 400
    for user, status in (("ghost@example.com", 403), (sim.VIEWER, 403), (DEMO, 200)):
        http.headers["X-On-Behalf-Of"] = user
        assert (await work_list(http, type="open")).status_code == status


async def test_a_user_service_id_acts_without_on_behalf_of(http: httpx.AsyncClient) -> None:
    token = await _token(http, sim.USER_SERVICE_ID, sim.USER_SERVICE_SECRET)
    headers = {"Authorization": f"Bearer {token}"}
    del http.headers["X-On-Behalf-Of"]
    response = await http.get(
        f"{API}/WorkList", params={"type": "open", "version": sim.VERSION}, headers=headers
    )
    assert response.status_code == 200 and response.json()["work"]


async def test_a_service_id_outside_work_management_is_forbidden(http: httpx.AsyncClient) -> None:
    token = await _token(http, sim.ADMIN_SERVICE_ID, sim.ADMIN_SERVICE_SECRET)
    http.headers["Authorization"] = f"Bearer {token}"
    assert (await work_list(http, type="open")).status_code == 403


async def test_bad_client_credentials_are_401_invalid_client(http: httpx.AsyncClient) -> None:
    form = {"grant_type": "client_credentials", "client_id": sim.SERVICE_ID, "client_secret": "x"}
    response = await http.post("/blueworks/oauth/token", data=form)
    assert response.status_code == 401 and response.json() == {"error": "invalid_client"}


async def test_tokens_expire_on_the_sandbox_clock_after_the_configured_lifetime(
    http: httpx.AsyncClient,
) -> None:
    configured = await http.put("/blueworks/_config", json={"token_lifetime_s": 5})
    assert configured.status_code == 200
    fresh = await _token(http, sim.SERVICE_ID, sim.SERVICE_SECRET)
    http.headers["Authorization"] = f"Bearer {fresh}"
    assert (await work_list(http, type="open")).status_code == 200
    await http.post("/_clock/advance", json={"seconds": 6})
    assert (await work_list(http, type="open")).status_code == 401


async def test_work_detail_answers_for_the_users_own_instances(http: httpx.AsyncClient) -> None:
    (first,) = (await work_list(http, type="open", limit="1")).json()["work"]
    params = {"workId": first["id"], "version": sim.VERSION}
    detail = await http.get(f"{API}/WorkDetail", params=params)
    assert detail.status_code == 200 and detail.json()["work"]["tasks"]
    http.headers["X-On-Behalf-Of"] = "alex.morgan@example.com"
    assert (await http.get(f"{API}/WorkDetail", params=params)).status_code == 404


async def test_the_login_host_redirects_to_the_account_host_below_any_mount() -> None:
    sandbox = create_sandbox({"blueworks": sim.create_simulator}, seed=7, size=10)
    outer = Starlette(routes=[Mount("/sandbox", sandbox)])
    transport = httpx.ASGITransport(outer)
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
        response = await client.get("/sandbox/blueworks/scr/api/WorkList", params={"type": "open"})
    assert response.status_code == 301
    assert response.headers["location"] == (
        "http://127.0.0.1:8000/sandbox/blueworks/us001/scr/api/WorkList?type=open"
    )
