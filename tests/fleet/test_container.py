"""The container image, tested without Docker: its entry command and health check run as written.

The image itself is not built here (no Docker engine); what it would run is: `CMD` with the
final stage's `ENV` and compose.yaml's demo environment, against a `gateway sandbox` process and a
real Redis, and its `HEALTHCHECK` command.
"""

from __future__ import annotations

import subprocess

import httpx

from tests.fleet.conftest import Fleet, image_env
from tests.fleet.container import ROOT, compose_service, dockerfile_lines, final_stage
from tests.processes import free_port

QUERY = (
    '{ inventoryList(id: "SW52ZW50b3J5TGlzdDozOTAw") { name } '
    'sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }'
)


def test_the_entry_command_serves_compose_demo_in_the_production_profile(fleet: Fleet) -> None:
    health = httpx.get(f"{fleet.image.base}/healthz", timeout=5).json()
    body = httpx.post(f"{fleet.image.base}/graphql", json={"query": QUERY}, timeout=10).json()

    assert "errors" not in body, body
    assert body["data"]["sendTask"]["upstreamId"] == "5001"
    assert set(health["sources"].values()) == {"upstream"}
    assert health["state"] == {"backend": "redis", "healthy": True, "fleetWide": True}
    # The production profile: debug headers are ignored, the simulators are not mounted.
    debug = httpx.post(
        f"{fleet.image.base}/graphql",
        json={"query": QUERY},
        headers={"X-Gateway-Debug": "calls"},
        timeout=10,
    ).json()
    assert "upstreamCalls" not in debug.get("extensions", {})
    assert httpx.get(f"{fleet.image.base}/sandbox/_stats", timeout=5).status_code == 404


def test_the_health_check_passes_while_the_gateway_serves_and_fails_without_it(
    fleet: Fleet,
) -> None:
    stage = final_stage()
    serving = image_env(fleet.image_sandbox.base, fleet.redis.url, fleet.image.port)
    nothing = image_env(fleet.image_sandbox.base, fleet.redis.url, free_port())

    passing = subprocess.run(stage.healthcheck, env=serving, capture_output=True, timeout=10)  # noqa: S603
    failing = subprocess.run(stage.healthcheck, env=nothing, capture_output=True, timeout=10)  # noqa: S603

    assert stage.healthcheck == ["python", "-m", "gateway.healthcheck"]
    assert passing.returncode == 0, passing.stderr
    assert failing.returncode == 1
    assert b"/healthz" in failing.stderr


def test_the_final_stage_is_slim_unprivileged_production_and_builds_nothing() -> None:
    stage = final_stage()
    runs = [line for line in stage.lines if line.startswith("RUN ")]

    assert stage.base == "python:3.11-slim"
    assert stage.user not in (None, "root", "0")
    assert stage.env["GATEWAY_ENVIRONMENT"] == "production"
    assert [r.split()[1] for r in runs] == ["useradd"]
    assert not any(word in line for line in stage.lines for word in ("apt-get", "gcc", "pip "))
    assert "RUN /opt/venv/bin/pip install --require-hashes -r /src/requirements.lock" in (
        dockerfile_lines()
    )


def test_the_image_and_compose_commands_are_the_documented_ones() -> None:
    deployment = (ROOT / "docs" / "deployment.md").read_text()
    sandbox = compose_service("sandbox")["command"]

    assert " ".join(final_stage().cmd) == "gateway serve"
    assert "\ngateway serve\n" in deployment
    assert " ".join(sandbox) in deployment


def test_the_compose_demo_serves_graphiql_with_the_schema_it_reads(fleet: Fleet) -> None:
    page = httpx.get(f"{fleet.image.base}/graphql", headers={"accept": "text/html"}, timeout=5)
    schema = httpx.post(
        f"{fleet.image.base}/graphql",
        json={"query": "{ __schema { queryType { name } } }"},
        timeout=10,
    ).json()

    assert page.status_code == 200 and "graphiql" in page.text.lower()
    # Without introspection GraphiQL's Docs, Explorer and completion stay empty.
    assert schema == {"data": {"__schema": {"queryType": {"name": "Query"}}}}
