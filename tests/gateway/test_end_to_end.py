"""The gateway as a newcomer runs it: a real process, real sockets, the sandbox over loopback."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import httpx
import pytest

from tests.processes import Served, clean_env, free_port

SEND_TASKS = """
query {
  sendTasks(first: 5) { totalCount edges { node { upstreamId status } } }
  sendTask(id: "U2VuZFRhc2s6NTAwMw==") { upstreamId statusRaw }
}
"""


@pytest.fixture(scope="module")
def served_gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = free_port()
    command = [sys.executable, "-m", "gateway", "serve", "--sandbox", "--port", str(port)]
    served = Served(command, port, tmp_path_factory.mktemp("gateway"), clean_env())
    try:
        yield served.wait_healthy().base
    finally:
        served.stop()


def test_a_query_over_real_sockets_returns_sandbox_data(served_gateway: str) -> None:
    response = httpx.post(f"{served_gateway}/graphql", json={"query": SEND_TASKS}, timeout=10)

    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert body["data"]["sendTasks"]["totalCount"] >= 5
    assert len(body["data"]["sendTasks"]["edges"]) == 5
    assert body["data"]["sendTask"]["upstreamId"] == "5003"


def test_health_says_every_source_runs_on_the_sandbox(served_gateway: str) -> None:
    health = httpx.get(f"{served_gateway}/healthz", timeout=5).json()

    assert health["status"] == "ok"
    assert health["sources"]["limbobeat"] == "sandbox"
    assert set(health["sources"].values()) == {"sandbox"}


def test_graphiql_is_served_to_a_browser(served_gateway: str) -> None:
    page = httpx.get(f"{served_gateway}/graphql", headers={"Accept": "text/html"}, timeout=5)

    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


def test_queries_may_come_by_get(served_gateway: str) -> None:
    response = httpx.get(
        f"{served_gateway}/graphql",
        params={"query": '{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }'},
        timeout=5,
    )

    assert response.json()["data"]["sendTask"]["upstreamId"] == "5001"
