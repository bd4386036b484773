"""`/readyz` probes each upstream and says how it is doing; `/healthz` stays liveness only."""

from __future__ import annotations

from typing import Any

from gateway.config import Settings
from gateway.readiness import ReadinessSettings
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.sources.registry import SOURCES as REGISTERED
from tests.conftest import Gateway, MakeGateway, sandbox_settings

SOURCES = {source.name for source in REGISTERED}


def no_cache(**overrides: Any) -> Settings:
    readiness = ReadinessSettings(cache_s=0, probe_timeout_s=0.5)
    return sandbox_settings(readiness=readiness, **overrides)


async def readyz(gw: Gateway) -> tuple[int, dict[str, Any]]:
    response = await gw.http.get("/readyz")
    body: dict[str, Any] = response.json()
    return response.status_code, body


async def test_every_source_is_probed_and_ready_on_the_sandbox(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(no_cache())

    status, body = await readyz(gw)

    assert (status, body["status"], body["ready"]) == (200, "ok", True)
    assert set(body["sources"]) == SOURCES
    assert {s["state"] for s in body["sources"].values()} == {"ok"}
    # Each probe reached its simulator, authenticated.
    for source in SOURCES:
        assert (await gw.traffic(source))["requests"] >= 1
    assert body["store"]["backend"] == "memory"


async def test_a_failing_source_is_reported_down_while_the_gateway_stays_ready(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(no_cache())
    await gw.fault("limbobeat", status=503, path_prefix="/api")

    status, body = await readyz(gw)

    limbobeat = body["sources"]["limbobeat"]
    assert (limbobeat["state"], limbobeat["code"], limbobeat["status"]) == (
        "down",
        "UPSTREAM_UNAVAILABLE",
        503,
    )
    assert (status, body["status"]) == (200, "degraded")
    assert body["sources"]["xandr"]["state"] == "ok"
    assert (await gw.http.get("/healthz")).status_code == 200


async def test_requiring_all_sources_makes_one_failing_source_unready(
    make_gateway: MakeGateway,
) -> None:
    strict = ReadinessSettings(cache_s=0, probe_timeout_s=0.5, require="all")
    gw: Gateway = await make_gateway(sandbox_settings(readiness=strict))
    await gw.fault("vionlabs", timeout=True, hang_s=30)

    status, body = await readyz(gw)

    assert (status, body["status"], body["ready"]) == (503, "unavailable", False)
    assert (body["sources"]["vionlabs"]["state"], body["sources"]["vionlabs"]["code"]) == (
        "down",
        "UPSTREAM_TIMEOUT",
    )


async def test_an_open_breaker_is_reported_without_probing(make_gateway: MakeGateway) -> None:
    section = LimbobeatSettings(retries=0, breaker_failure_threshold=1, breaker_open_s=60)
    gw: Gateway = await make_gateway(no_cache(limbobeat=section))
    await gw.fault("limbobeat", status=500, path_prefix="/api")
    await gw.gql("{ sendTasks(first: 1) { totalCount } }")
    before = (await gw.traffic("limbobeat"))["requests"]

    _, body = await readyz(gw)

    limbobeat = body["sources"]["limbobeat"]
    assert (limbobeat["state"], limbobeat["breaker"]) == ("breaker_open", "open")
    assert 0 < limbobeat["retryAfter"] <= 60
    assert (await gw.traffic("limbobeat"))["requests"] == before


async def test_probes_are_cached_between_rounds(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(readiness=ReadinessSettings(cache_s=60)))

    await readyz(gw)
    first = (await gw.traffic("xandr"))["requests"]
    await readyz(gw)

    assert (await gw.traffic("xandr"))["requests"] == first


async def test_an_unconfigured_source_is_reported_as_such(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(Settings(readiness=ReadinessSettings(cache_s=0)))

    status, body = await readyz(gw)

    assert {s["state"] for s in body["sources"].values()} == {"not_configured"}
    assert status == 200
