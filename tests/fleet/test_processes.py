"""Two real `gateway serve` processes, one `gateway sandbox` process and one real Redis.

The fleet-wide facts are read from the sandbox's own counters (`GET /_stats`), not from the
gateways: one Xandr login and one limbo/Beat token fetch for the whole fleet.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.conftest import gid
from tests.fleet.conftest import Fleet
from tests.processes import Served, clean_env, free_port, gateway_command

QUERY = """
query ($list: ID!, $task: ID!) {
  inventoryList(id: $list) { name }
  sendTask(id: $task) { upstreamId }
}
"""


def ids(inventory_list: int, send_task: int) -> dict[str, str]:
    return {
        "list": gid("InventoryList", str(inventory_list)),
        "task": gid("SendTask", str(send_task)),
    }


async def ask(base: str, n: int) -> dict[str, Any]:
    async with httpx.AsyncClient(base_url=base, timeout=10) as http:
        response = await http.post(
            "/graphql", json={"query": QUERY, "variables": ids(3900 + n, 5001 + n)}
        )
    body: dict[str, Any] = response.json()
    return body


async def test_two_gateway_processes_log_in_once_and_fetch_one_token_for_the_fleet(
    fleet: Fleet,
) -> None:
    sandbox, gateways = fleet.sandbox, fleet.gateways
    before = await routes(sandbox, "xandr")

    # Sixteen different reads (the response cache is on: a repeated one could be a hit).
    reads = [(gw.base, n + 8 * i) for i, gw in enumerate(gateways) for n in range(8)]
    bodies = await asyncio.gather(*(ask(base, n) for base, n in reads))

    assert all("errors" not in body for body in bodies), bodies
    # Over the sandbox's whole life (this sandbox serves the two gateways only): whatever other
    # fleet tests ran first, the fleet logged in once and fetched one token.
    assert (await routes(sandbox, "xandr"))["POST /auth"] == 1
    assert (await routes(sandbox, "limbobeat"))["POST /oauth/token"] == 1
    lists = (await routes(sandbox, "xandr"))["GET /inventory-list"]
    assert lists - before.get("GET /inventory-list", 0) == 16


async def routes(sandbox: Served, source: str) -> dict[str, int]:
    async with httpx.AsyncClient() as http:
        stats = (await http.get(f"{sandbox.base}/_stats", timeout=5)).json()
    counts: dict[str, int] = stats.get(source, {}).get("routes", {})
    return counts


def test_each_process_reports_its_state_as_shared_through_redis(fleet: Fleet) -> None:
    gateways = fleet.gateways

    states = [httpx.get(f"{gw.base}/healthz", timeout=5).json()["state"] for gw in gateways]

    assert states == [{"backend": "redis", "healthy": True, "fleetWide": True}] * 2
    for gateway in gateways:
        assert "Redis unavailable" not in gateway.log_text()


def test_a_scrape_of_any_worker_counts_every_workers_requests(fleet: Fleet) -> None:
    served = fleet.workers
    served.wait_for_log("Application startup complete.", count=2)
    sandbox = sandbox_of(served)
    requests_before = scraped(served, "gateway_graphql_request_seconds_count")
    upstream_before = scraped(served, "gateway_upstream_requests_total", source="xandr")
    xandr_before = xandr_requests(sandbox)

    # Each on a new connection, until both workers have served some (the kernel picks one).
    sent: list[str] = []
    while len(serving_pids(served, sent)) < 2:
        assert len(sent) < 60, "one worker took every connection"
        for _ in range(4):
            sent.append(f"metrics-{len(sent)}")
            httpx.post(
                f"{served.base}/graphql",
                json={"query": QUERY, "variables": ids(3902 + len(sent) % 20, 5001)},
                headers={"x-request-id": sent[-1]},
                timeout=10,
            ).raise_for_status()
    xandr_after = xandr_requests(sandbox)

    # Whichever worker answers the scrape (each on a new connection), it counts them all.
    for _ in range(4):
        assert scraped(served, "gateway_graphql_request_seconds_count") == requests_before + len(
            sent
        )
        upstream = scraped(served, "gateway_upstream_requests_total", source="xandr")
        assert upstream - upstream_before == xandr_after - xandr_before > 0
        assert scraped(served, "gateway_graphql_requests_in_flight") == 0


def test_a_killed_worker_leaves_its_counts_but_no_request_in_flight(fleet: Fleet) -> None:
    served = fleet.workers
    served.wait_for_log("Application startup complete.", count=2)
    sandbox = sandbox_of(served)
    answered = scraped(served, "gateway_graphql_request_seconds_count")
    workers = worker_pids(served)
    httpx.put(f"{sandbox}/_faults/xandr", json={"latency_ms": 5000}, timeout=5)
    with ThreadPoolExecutor(1) as pool:
        # Held by one of the workers, in flight, when both are killed.
        pool.submit(
            httpx.post,
            f"{served.base}/graphql",
            json={"query": QUERY, "variables": ids(3901, 5002)},
            timeout=10,
        )
        wait_until(lambda: scraped(served, "gateway_graphql_requests_in_flight") == 1)
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        httpx.delete(f"{sandbox}/_faults/xandr", timeout=5)
        # The server starts new workers in their place.
        served.wait_for_log("Application startup complete.", count=4)

    assert worker_pids(served).isdisjoint(workers)
    assert scraped(served, "gateway_graphql_requests_in_flight") == 0
    assert scraped(served, "gateway_graphql_request_seconds_count") == answered


def worker_pids(served: Served) -> set[int]:
    """The workers running now, from uvicorn's "Started server process [pid]" lines."""
    started = re.findall(r"Started server process \[(\d+)\]", served.log_text())
    return {int(pid) for pid in started if running(int(pid))}


def running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def scraped(served: Served, name: str, **labels: str) -> float:
    """The sum of a metric's samples (with these labels) in one scrape on a new connection."""
    text = httpx.get(f"{served.base}/metrics", timeout=5).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == name and labels.items() <= sample.labels.items()
    )


def serving_pids(served: Served, request_ids: list[str]) -> set[int]:
    """The workers (by pid) whose request log lines carry these request ids."""
    lines = [line for line in served.log_text().splitlines() if line.startswith("{")]
    records = [json.loads(line) for line in lines]
    return {
        int(r["pid"])
        for r in records
        if r.get("event") == "graphql_request" and r.get("request_id") in request_ids
    }


def xandr_requests(sandbox: str) -> int:
    stats = httpx.get(f"{sandbox}/_stats", timeout=5).json()
    count: int = stats.get("xandr", {}).get("requests", 0)
    return count


def sandbox_of(served: Served) -> str:
    return served.log_text().split("sandbox upstreams at ", 1)[1].split(")", 1)[0]


def test_several_workers_serve_one_sandbox_process_and_stop_gracefully(
    fleet: Fleet,
) -> None:
    served = fleet.workers
    served.wait_for_log("Application startup complete.", count=2)
    bodies = [
        httpx.post(
            f"{served.base}/graphql",
            json={"query": QUERY, "variables": ids(3900, 5001 + n)},
            timeout=10,
        ).json()
        for n in range(6)
    ]
    sandbox = sandbox_of(served)
    stats = httpx.get(f"{sandbox}/_stats", timeout=5).json()
    # A request still waiting on its upstream when SIGTERM comes is answered before the exit.
    httpx.put(f"{sandbox}/_faults/xandr", json={"latency_ms": 1500}, timeout=5)
    with ThreadPoolExecutor(1) as pool:
        slow = pool.submit(
            httpx.post,
            f"{served.base}/graphql",
            json={"query": QUERY, "variables": ids(3901, 5001)},
            timeout=10,
        )
        wait_until(lambda: httpx.get(f"{sandbox}/_stats", timeout=5).json()["xandr"]["inFlight"])
        code = served.stop()
        in_flight = slow.result()

    assert all("errors" not in body for body in bodies), bodies
    assert stats["xandr"]["routes"]["POST /auth"] == 1
    assert code == 0
    assert in_flight.json()["data"]["inventoryList"] is not None
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{sandbox}/_stats", timeout=1)


def wait_until(condition: Callable[[], object], timeout_s: float = 10) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_a_bad_setting_stops_a_group_of_workers_with_one_line(tmp_path: Path) -> None:
    port = free_port()
    env = clean_env(GATEWAY_XANDR__BASE_URL="https://api.example.com")
    served = Served(
        gateway_command("serve", "--workers", "3", "--port", str(port)), port, tmp_path, env
    )

    code = served.process.wait(timeout=30)
    output = served.log_text()
    served.stop()

    assert code == 2
    assert output.strip().splitlines() == [
        "configuration error: GATEWAY_XANDR__USERNAME: required when GATEWAY_XANDR__BASE_URL is"
        " set (missing username); GATEWAY_XANDR__PASSWORD: required when GATEWAY_XANDR__BASE_URL"
        " is set (missing password)"
    ]
