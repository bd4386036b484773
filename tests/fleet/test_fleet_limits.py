"""A caller's rate limits hold for the fleet: two `gateway serve` processes, one Redis.

The callers and their tight limits are `LIMITED_CALLERS` of tests/fleet/conftest.py; requests
alternate between the two processes, and what reached the upstreams is read from the sandbox
process's own counters.
"""

from __future__ import annotations

from typing import Any

import httpx

from tests.conftest import as_user, gid
from tests.fleet.conftest import Fleet

SEND_TASK = "query FleetLimited($id: ID!) { sendTask(id: $id) { upstreamId } }"


def upstream_requests(fleet: Fleet) -> int:
    stats: dict[str, dict[str, Any]] = httpx.get(f"{fleet.sandbox.base}/_stats", timeout=5).json()
    return sum(int(source["requests"]) for source in stats.values())


def alternate(fleet: Fleet, user: str, tasks: range) -> list[tuple[httpx.Response, int]]:
    """One read of each send task, A, B, A, B...; each answer with the upstream count after it."""
    headers = as_user(user)
    answers = []
    for n, task in enumerate(tasks):
        gateway = fleet.gateways[n % 2]
        response = httpx.post(
            f"{gateway.base}/graphql",
            json={"query": SEND_TASK, "variables": {"id": gid("SendTask", str(task))}},
            headers=headers,
            timeout=15,
        )
        answers.append((response, upstream_requests(fleet)))
    return answers


def refusal(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 429, response.text
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert int(response.headers["retry-after"]) == error["extensions"]["retryAfter"] >= 1
    return dict(error["extensions"]["limit"])


def test_a_callers_request_limit_holds_across_both_gateway_processes(fleet: Fleet) -> None:
    before = upstream_requests(fleet)

    answers = alternate(fleet, "fleet-requests@example.com", range(5044, 5052))

    # A burst of 4 for the fleet, not 4 per process: the fifth request is refused, on A.
    statuses = [response.status_code for response, _ in answers]
    assert statuses == [200] * 4 + [429] * 4
    assert all(response.json()["data"]["sendTask"] for response, _ in answers[:4])
    assert [refusal(response)["name"] for response, _ in answers[4:]] == ["requests"] * 4
    # The answered ones asked limbo/Beat; the refused ones, on either process, asked nothing.
    counts = [count for _, count in answers]
    assert counts[3] > before
    assert counts[4:] == [counts[3]] * 4


def test_a_callers_cost_limit_holds_across_both_gateway_processes(fleet: Fleet) -> None:
    answers = alternate(fleet, "fleet-cost@example.com", range(5052, 5058))

    # Each read costs one unit: 3 units for the fleet, then 429 on whichever process.
    statuses = [response.status_code for response, _ in answers]
    assert statuses == [200] * 3 + [429] * 3
    assert [refusal(response)["name"] for response, _ in answers[3:]] == ["cost"] * 3
    counts = [count for _, count in answers]
    assert counts[3:] == [counts[2]] * 3
