"""APQ as Apollo's PersistedQueryLink speaks it, and trusted documents from a manifest."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.config import ConfigurationError
from tests.conftest import Gateway, MakeGateway, sandbox_settings
from tests.web.helpers import GRAPHQL_RESPONSE, SEND_TASK, refusal, upstream_requests

LISTED = '{ sendTask(id: "U2VuZFRhc2s6NTAwMg==") { upstreamId } }'


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def persisted(text: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": sha(text)}}


async def test_the_apq_round_trip_of_apollos_link(gateway: Gateway) -> None:
    hash_only = {"extensions": persisted(SEND_TASK)}
    before = await upstream_requests(gateway)

    miss = await gateway.http.post("/graphql", json=hash_only)
    assert await upstream_requests(gateway) == before
    registered = await gateway.http.post("/graphql", json={"query": SEND_TASK, **hash_only})
    hit = await gateway.http.post("/graphql", json=hash_only)
    by_get = await gateway.http.get(
        "/graphql", params={"extensions": json.dumps(hash_only["extensions"])}
    )

    error = refusal(miss, 200, "PERSISTED_QUERY_NOT_FOUND")
    assert error["message"] == "PersistedQueryNotFound"
    assert registered.json()["data"]["sendTask"]["upstreamId"] == "5001"
    assert hit.json()["data"] == registered.json()["data"]
    assert by_get.json()["data"] == registered.json()["data"]


async def test_an_apq_miss_is_404_for_graphql_response_json(gateway: Gateway) -> None:
    response = await gateway.http.get(
        "/graphql",
        params={"extensions": json.dumps(persisted("{ __typename }"))},
        headers={"accept": GRAPHQL_RESPONSE},
    )

    refusal(response, 404, "PERSISTED_QUERY_NOT_FOUND")


async def test_a_hash_that_does_not_match_the_text_is_refused_and_not_kept(
    gateway: Gateway,
) -> None:
    wrong = {"query": SEND_TASK, "extensions": persisted(LISTED)}

    mismatch = await gateway.http.post("/graphql", json=wrong)
    later = await gateway.http.post("/graphql", json={"extensions": persisted(LISTED)})

    assert "does not match" in refusal(mismatch, 400)["message"]
    refusal(later, 200, "PERSISTED_QUERY_NOT_FOUND")


async def test_a_document_that_fails_validation_is_not_kept(gateway: Gateway) -> None:
    invalid = "{ sendTask(id: 1) { nope } }"

    await gateway.http.post("/graphql", json={"query": invalid, "extensions": persisted(invalid)})
    later = await gateway.http.post("/graphql", json={"extensions": persisted(invalid)})

    refusal(later, 200, "PERSISTED_QUERY_NOT_FOUND")


async def test_apq_switched_off_says_not_supported(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(apq=False))

    response = await gw.http.post("/graphql", json={"extensions": persisted(SEND_TASK)})

    assert refusal(response, 200, "PERSISTED_QUERY_NOT_SUPPORTED")["message"] == (
        "PersistedQueryNotSupported"
    )


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "persisted-documents.json"
    path.write_text(json.dumps({sha(LISTED): LISTED, "relay-7f3a": SEND_TASK}))
    return path


async def required(make_gateway: MakeGateway, manifest: Path) -> Gateway:
    settings = sandbox_settings(trusted_documents="required", trusted_documents_manifest=manifest)
    gw: Gateway = await make_gateway(settings)
    return gw


async def test_trusted_documents_run_by_id_hash_or_exact_text(
    make_gateway: MakeGateway, manifest: Path
) -> None:
    gw = await required(make_gateway, manifest)

    by_id = await gw.http.post("/graphql", json={"documentId": f"sha256:{sha(LISTED)}"})
    by_relay_id = await gw.http.post("/graphql", json={"doc_id": "relay-7f3a"})
    by_apq_hash = await gw.http.post("/graphql", json={"extensions": persisted(LISTED)})
    by_text = await gw.http.post("/graphql", json={"query": LISTED})

    assert by_id.json()["data"]["sendTask"]["upstreamId"] == "5002"
    assert by_relay_id.json()["data"]["sendTask"]["upstreamId"] == "5001"
    assert by_apq_hash.json() == by_id.json()
    assert by_text.json() == by_id.json()


async def test_only_trusted_documents_run_when_required(
    make_gateway: MakeGateway, manifest: Path
) -> None:
    gw = await required(make_gateway, manifest)
    other = '{ sendTask(id: "U2VuZFRhc2s6NTAwMw==") { upstreamId } }'
    before = await upstream_requests(gw)
    accept = {"accept": GRAPHQL_RESPONSE}

    free_text = await gw.http.post("/graphql", json={"query": other}, headers=accept)
    unknown_id = await gw.http.post("/graphql", json={"documentId": "nope"}, headers=accept)
    registering = await gw.http.post(
        "/graphql", json={"query": other, "extensions": persisted(other)}, headers=accept
    )
    then = await gw.http.post("/graphql", json={"extensions": persisted(other)}, headers=accept)

    refusal(free_text, 403, "QUERY_NOT_IN_SAFELIST")
    refusal(unknown_id, 404, "PERSISTED_QUERY_NOT_IN_LIST")
    refusal(registering, 403, "QUERY_NOT_IN_SAFELIST")
    refusal(then, 404, "PERSISTED_QUERY_NOT_IN_LIST")
    assert await upstream_requests(gw) == before


def test_required_without_a_manifest_refuses_to_start() -> None:
    with pytest.raises(ConfigurationError, match="GATEWAY_TRUSTED_DOCUMENTS_MANIFEST"):
        create_app(sandbox_settings(trusted_documents="required"))


def test_an_unreadable_manifest_refuses_to_start_in_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "manifest.json"
    broken.write_text('["not", "an object"]')

    with pytest.raises(ConfigurationError) as raised:
        create_app(sandbox_settings(trusted_documents_manifest=broken))

    assert "\n" not in str(raised.value)
    assert str(broken) in str(raised.value)


async def test_a_send_with_both_document_id_and_query_is_refused(gateway: Gateway) -> None:
    response = await gateway.http.post("/graphql", json={"documentId": "x", "query": SEND_TASK})

    refusal(response, 400)


async def test_an_unsupported_apq_version_is_refused(gateway: Gateway) -> None:
    body: dict[str, Any] = {"extensions": {"persistedQuery": {"version": 2, "sha256Hash": "a"}}}

    response = await gateway.http.post("/graphql", json=body)

    refusal(response, 400)
    assert isinstance(response, httpx.Response)
