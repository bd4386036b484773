"""How fast a dashboard round trip is, how many upstream calls it costs, and its memory peak.

Runs the gateway in-process on its in-process sandbox (no sockets), so the figures are the
gateway's own work plus the simulators', with the upstream latency injected where asked.
`python -m bench.dashboard [--runs N] [--latency-ms L ...]`
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time
import tracemalloc
from base64 import b64encode
from typing import Any

import httpx
from asgi_lifespan import LifespanManager

from gateway.app import create_app
from gateway.config import SandboxSettings, Settings

DASHBOARD = """
query Dashboard {
  tasks(first: 50) {
    totalCount
    sources { source ok errorCode fetchedCount truncated }
    edges { node { __typename id title state source dueAt
      ... on WorkItem { resource { __typename ... on InventoryList { name } } } } }
  }
  taskSummary { totalCount byState { state count } bySource { source totalCount } }
}
"""
BATCH = (
    "{ "
    + " ".join(
        f'a{i}: sendTask(id: "{b64encode(f"SendTask:{5000 + i}".encode()).decode()}") {{ status }}'
        for i in range(25)
    )
    + " }"
)
SOURCES = ("interchange", "blueworks", "vionlabs", "limbobeat", "xandr")


async def measure(query: str, runs: int, latency_ms: int, size: int) -> dict[str, Any]:
    settings = Settings(sandbox=SandboxSettings(mode="in_process", size=size))
    app = create_app(settings)
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://bench", timeout=60
        ) as http,
    ):
        limits = {"rateLimitPerMinute": 1_000_000}
        await http.put("/sandbox/interchange/_sandbox/mode", json=limits)
        for source in SOURCES:
            await http.put(f"/sandbox/_faults/{source}", json={"latency_ms": latency_ms})
        timings, call_counts = [], []
        headers = {"x-gateway-debug": "calls"}
        for _ in range(runs):
            started = time.perf_counter()
            body = (await http.post("/graphql", json={"query": query}, headers=headers)).json()
            timings.append((time.perf_counter() - started) * 1000)
            assert "errors" not in body, body["errors"]
            call_counts.append(body["extensions"]["upstreamCalls"]["count"])
    ordered = sorted(timings)
    return {
        "p50_ms": statistics.median(ordered),
        "p95_ms": ordered[max(0, round(0.95 * len(ordered)) - 1)],
        "calls_first": call_counts[0],
        "calls_after": call_counts[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--size", type=int, default=60, help="sandbox seed size per source")
    parser.add_argument("--latency-ms", type=int, nargs="*", default=[0, 50, 100])
    args = parser.parse_args()
    print(f"{'query':<10}{'latency':>9}{'p50 ms':>10}{'p95 ms':>10}{'calls 1st':>11}{'calls':>7}")
    for name, query in (("dashboard", DASHBOARD), ("25 by id", BATCH)):
        for latency in args.latency_ms:
            figures = asyncio.run(measure(query, args.runs, latency, args.size))
            print(
                f"{name:<10}{latency:>7}ms{figures['p50_ms']:>10.1f}{figures['p95_ms']:>10.1f}"
                f"{figures['calls_first']:>11}{figures['calls_after']:>7}"
            )
    tracemalloc.start()
    asyncio.run(measure(DASHBOARD, 5, 0, args.size))
    _, peak = tracemalloc.get_traced_memory()
    print(f"memory peak over 5 dashboards (gateway + sandbox): {peak / 2**20:.1f} MiB")


if __name__ == "__main__":
    main()
