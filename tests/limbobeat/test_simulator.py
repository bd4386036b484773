"""The limbo/Beat sandbox speaks the reference's HTTP contract (checked over HTTP directly)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.sources.limbobeat.simulator import DEMO_EMAIL, DEMO_PASSWORD, STATIC_TOKEN
from tests.conftest import Gateway

ROOT = "/sandbox/limbobeat"
API = f"{ROOT}/api/v1"
JSON_API = "application/vnd.api+json"
HEADERS = {"Authorization": f"Bearer {STATIC_TOKEN}", "Content-Type": JSON_API}


@pytest.fixture
def http(gateway: Gateway) -> httpx.AsyncClient:
    return gateway.http


def create_body(product: str = "100", dsp: str = "1877", **attrs: Any) -> dict[str, Any]:
    return {
        "data": {
            "type": "send-tasks",
            "attributes": {"deliverable": True, "delivery-type": "redelivery", **attrs},
            "relationships": {
                "product": {"data": {"type": "products", "id": product}},
                "dsp-upload-identification": {
                    "data": {"type": "dsp-upload-identifications", "id": dsp}
                },
            },
        }
    }


async def test_password_grant_takes_email(http: httpx.AsyncClient) -> None:
    good = {"grant_type": "password", "email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    ok = await http.post(f"{ROOT}/oauth/token", json=good)
    assert ok.status_code == 200 and ok.json()["token_type"] == "Bearer"
    named = {"grant_type": "password", "username": DEMO_EMAIL, "password": DEMO_PASSWORD}
    refused = await http.post(f"{ROOT}/oauth/token", json=named)
    assert refused.status_code == 400 and refused.json()["error"] == "invalid_grant"


async def test_missing_bearer_is_a_json_api_401(http: httpx.AsyncClient) -> None:
    response = await http.get(f"{API}/send-tasks")
    assert response.status_code == 401
    assert response.json()["errors"][0] == {
        "status": "401",
        "title": "Unauthorized",
        "detail": "Unauthenticated.",
    }


async def test_media_type_rules(http: httpx.AsyncClient) -> None:
    wrong_accept = {**HEADERS, "Accept": "text/html"}
    assert (await http.get(f"{API}/send-tasks", headers=wrong_accept)).status_code == 406
    plain_json = {**HEADERS, "Content-Type": "application/json"}
    posted = await http.post(f"{API}/send-tasks", json=create_body(), headers=plain_json)
    assert posted.status_code == 415
    # GET without Content-Type is served: the type is enforced on bodies only.
    bare = {"Authorization": HEADERS["Authorization"]}
    got = await http.get(f"{API}/send-tasks", headers=bare)
    assert got.status_code == 200 and got.headers["content-type"].startswith(JSON_API)


async def test_both_filter_id_forms_and_unknown_ids_absent(http: httpx.AsyncClient) -> None:
    comma = await http.get(f"{API}/send-tasks?filter[id]=5002,5001,1", headers=HEADERS)
    array = await http.get(f"{API}/send-tasks?filter[id][]=5001&filter[id][]=5002", headers=HEADERS)
    assert [t["id"] for t in comma.json()["data"]] == ["5001", "5002"]
    assert [t["id"] for t in array.json()["data"]] == ["5001", "5002"]


async def test_page_size_cap_and_unknown_filter_are_400(http: httpx.AsyncClient) -> None:
    big = await http.get(f"{API}/send-tasks?page[size]=201", headers=HEADERS)
    assert big.status_code == 400
    assert big.json()["errors"][0]["source"] == {"parameter": "page.size"}
    odd = await http.get(f"{API}/send-tasks?filter[colour]=red", headers=HEADERS)
    assert odd.status_code == 400
    assert odd.json()["errors"][0]["source"] == {"parameter": "filter.colour"}


async def test_page_meta_and_links(http: httpx.AsyncClient) -> None:
    page = (
        await http.get(f"{API}/send-tasks?page[number]=2&page[size]=25", headers=HEADERS)
    ).json()
    assert page["meta"]["page"] == {
        "currentPage": 2,
        "from": 26,
        "lastPage": 3,
        "perPage": 25,
        "to": 50,
        "total": 60,
    }
    assert {"first", "last", "prev", "next"} <= set(page["links"])
    empty = (await http.get(f"{API}/send-tasks?page[number]=9", headers=HEADERS)).json()
    assert (empty["data"], empty["meta"]["page"]["from"], empty["meta"]["page"]["to"]) == (
        [],
        None,
        None,
    )


async def test_create_is_201_with_location_and_delete_is_always_422(
    http: httpx.AsyncClient,
) -> None:
    created = await http.post(f"{API}/send-tasks", json=create_body(), headers=HEADERS)
    assert created.status_code == 201
    task_id = created.json()["data"]["id"]
    assert created.headers["location"].endswith(f"/send-tasks/{task_id}")
    for target in (task_id, "424242"):
        refused = await http.delete(f"{API}/send-tasks/{target}", headers=HEADERS)
        assert refused.status_code == 422
        assert refused.json()["errors"][0]["detail"] == "Cannot delete a send task"


async def test_create_without_required_fields_names_each_pointer(http: httpx.AsyncClient) -> None:
    body = {"data": {"type": "send-tasks", "attributes": {}}}
    refused = await http.post(f"{API}/send-tasks", json=body, headers=HEADERS)
    assert refused.status_code == 422
    pointers = {e["source"]["pointer"] for e in refused.json()["errors"]}
    assert pointers == {
        "/data/attributes/deliverable",
        "/data/attributes/delivery-type",
        "/data/relationships/product",
        "/data/relationships/dsp-upload-identification",
    }


async def test_patch_id_mismatch_is_409_and_unknown_id_404(http: httpx.AsyncClient) -> None:
    body = {"data": {"type": "send-tasks", "id": "5002", "attributes": {"deliverable": False}}}
    mismatch = await http.patch(f"{API}/send-tasks/5001", json=body, headers=HEADERS)
    assert mismatch.status_code == 409
    missing = await http.patch(f"{API}/send-tasks/424242", json=body, headers=HEADERS)
    assert missing.status_code == 404
    assert missing.json()["errors"][0] == {"status": "404", "title": "Not Found"}


async def test_patch_keeps_the_status_when_changing_other_fields(http: httpx.AsyncClient) -> None:
    body = {
        "data": {
            "type": "send-tasks",
            "id": "5003",
            "attributes": {"deliverable": False, "delivery-type": "update"},
        }
    }
    patched = await http.patch(f"{API}/send-tasks/5003", json=body, headers=HEADERS)
    attributes = patched.json()["data"]["attributes"]
    assert (attributes["status"], attributes["delivery-type"]) == ("completed", "update")


async def test_relationship_endpoints_and_related_resources(http: httpx.AsyncClient) -> None:
    task = (await http.get(f"{API}/send-tasks/5001", headers=HEADERS)).json()["data"]
    # Links only, as the reference's read responses: the id is behind the relationship link.
    assert set(task["relationships"]["product"]) == {"links"}
    link = task["relationships"]["product"]["links"]["self"]
    identifier = await http.get(f"{ROOT}{link}", headers=HEADERS)
    product_id = identifier.json()["data"]["id"]
    assert identifier.json()["data"] == {"type": "products", "id": product_id}
    related = await http.get(f"{API}/send-tasks/5001/dsp-upload-identification", headers=HEADERS)
    assert related.json()["data"]["attributes"]["dsp-name"]
    products = await http.get(f"{API}/products?filter[id]=100,101", headers=HEADERS)
    assert [p["attributes"]["status"] for p in products.json()["data"]] == ["active", "draft"]
    dsp = await http.get(f"{API}/dsp-upload-identifications/1870", headers=HEADERS)
    assert dsp.json()["data"]["attributes"]["dsp-name"] == "Spotify"


async def test_linkage_switches_to_data_and_include_is_honoured_or_refused(
    http: httpx.AsyncClient,
) -> None:
    switch = f"{ROOT}/_sandbox/linkage"
    include = {"include": "product,dsp-upload-identification"}
    ignored = await http.get(f"{API}/send-tasks/5001", params=include, headers=HEADERS)
    assert "included" not in ignored.json()

    await http.put(switch, json={"relationship_data": True})
    linked = (await http.get(f"{API}/send-tasks/5001", headers=HEADERS)).json()
    assert linked["data"]["relationships"]["product"]["data"]["type"] == "products"

    await http.put(switch, json={"relationship_data": False, "include": "honour"})
    page = await http.get(f"{API}/send-tasks", params=include, headers=HEADERS)
    tasks, included = page.json()["data"], page.json()["included"]
    wanted = {
        (r["data"]["type"], r["data"]["id"]) for t in tasks for r in t["relationships"].values()
    }
    assert {(r["type"], r["id"]) for r in included} == wanted

    await http.put(switch, json={"include": "reject"})
    refused = await http.get(f"{API}/send-tasks", params=include, headers=HEADERS)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["source"] == {"parameter": "include"}
