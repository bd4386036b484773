"""`/metrics` counts upstream exchanges and GraphQL errors, and carries no path or secret."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from gateway.sources.vionlabs import simulator as vionlabs_sandbox
from gateway.sources.vionlabs.settings import VionlabsSettings
from tests.conftest import Gateway, MakeGateway, sandbox_settings


async def sample(gateway: Gateway, name: str, **labels: str) -> float:
    text = (await gateway.http.get("/metrics")).text
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()):
                return float(s.value)
    return 0.0


async def test_upstream_failures_are_counted_by_source_outcome_and_code(gateway: Gateway) -> None:
    failed = {"source": "limbobeat", "method": "GET", "outcome": "503"}
    coded = {"code": "UPSTREAM_UNAVAILABLE", "source": "limbobeat"}
    before = await sample(gateway, "gateway_upstream_requests_total", **failed)
    errors_before = await sample(gateway, "gateway_graphql_errors_total", **coded)
    await gateway.fault("limbobeat", status=503, path_prefix="/api")

    await gateway.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }')

    attempts = 3  # the read and its two retries
    assert await sample(gateway, "gateway_upstream_requests_total", **failed) == before + attempts
    assert await sample(gateway, "gateway_graphql_errors_total", **coded) == errors_before + 1


async def test_metrics_never_carry_a_key_sent_in_the_url(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings(vionlabs=VionlabsSettings(key_transport="query")))

    body = await gw.gql('{ catalogItems(upstreamIds: ["asset-0001"]) { tasks { status } } }')
    text = (await gw.http.get("/metrics")).text

    assert body["data"]["catalogItems"][0]["tasks"]
    assert 'source="vionlabs"' in text
    assert vionlabs_sandbox.DEMO_API_KEY not in text
    assert "asset-0001" not in text
