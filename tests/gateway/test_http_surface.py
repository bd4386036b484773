"""The HTTP surface: GET is read-only, CORS for configured origins, the caller's identity."""

from __future__ import annotations

from gateway.sources.limbobeat.settings import LimbobeatSettings
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

CREATE = """
mutation { createSendTask(input: {productId: "100", dspUploadIdentificationId: "1871",
                                  deliveryType: DELIVERY}) { sendTask { upstreamId } } }
"""
TWO_SOURCES = """{
  sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { id }
  inventoryList(id: "SW52ZW50b3J5TGlzdDozOTAx") { id }
}"""
MY_WORK = "{ workInstances(type: OPEN, first: 1) { edges { node { name } } } }"


async def test_a_mutation_sent_by_get_is_refused_and_nothing_is_written(gateway: Gateway) -> None:
    before = await gateway.gql("{ sendTasks(first: 1) { totalCount } }")

    response = await gateway.http.get("/graphql", params={"query": CREATE})

    after = await gateway.gql("{ sendTasks(first: 1) { totalCount } }")
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"
    assert "mutations are not allowed" in response.json()["errors"][0]["message"]
    assert after["data"]["sendTasks"]["totalCount"] == before["data"]["sendTasks"]["totalCount"]


async def test_cors_allows_the_configured_origins_only(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings(cors_origins=["https://dash.example.com"]))
    preflight = {"Access-Control-Request-Method": "POST"}

    allowed = await gw.http.options(
        "/graphql", headers={"Origin": "https://dash.example.com", **preflight}
    )
    refused = await gw.http.options(
        "/graphql", headers={"Origin": "https://evil.example.com", **preflight}
    )

    assert allowed.headers["access-control-allow-origin"] == "https://dash.example.com"
    assert "access-control-allow-origin" not in refused.headers


async def test_the_demo_user_stands_in_only_on_a_sandbox_alone(make_gateway: MakeGateway) -> None:
    real_limbobeat = LimbobeatSettings(
        base_url="https://limbobeat.invalid",
        token="t",
    )
    alone = await make_gateway(sandbox_settings())
    mixed = await make_gateway(sandbox_settings(limbobeat=real_limbobeat))

    on_sandbox = await alone.gql(MY_WORK)
    beside_real = await mixed.gql(MY_WORK)

    assert on_sandbox["data"]["workInstances"]["edges"]
    assert beside_real["data"]["workInstances"] is None
    assert beside_real["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED_CALLER"
    assert calls(beside_real) == []


async def test_nodes_of_different_sources_are_fetched_at_the_same_time(gateway: Gateway) -> None:
    ids = await gateway.gql(TWO_SOURCES)
    pair = [ids["data"]["sendTask"]["id"], ids["data"]["inventoryList"]["id"]]
    for source in ("limbobeat", "xandr"):
        await gateway.fault(source, latency_ms=300)

    body = await gateway.gql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": pair})

    assert [n["id"] for n in body["data"]["nodes"]] == pair
    lookups = [c for c in calls(body) if c["method"] == "GET"]
    assert {c["source"] for c in lookups} == {"limbobeat", "xandr"}
    # Each lookup starts before the other ends.
    assert all(
        c["startedMs"] < min(o["startedMs"] + o["durationMs"] for o in lookups) for c in lookups
    )
