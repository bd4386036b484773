"""The sandbox over a real socket sees a call the client gave up on, as a real upstream would."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.processes import Served, clean_env, free_port, gateway_command


@pytest.fixture
def sandbox(tmp_path: Path) -> Iterator[Served]:
    port = free_port()
    served = Served(gateway_command("sandbox", "--port", str(port)), port, tmp_path, clean_env())
    yield served.wait_healthy("/_stats")
    served.stop()


def traffic(sandbox: Served, source: str) -> dict[str, int]:
    counts = httpx.get(f"{sandbox.base}/_stats").json()[source]
    return {k: counts[k] for k in ("requests", "finished", "cancelled", "inFlight")}


@pytest.mark.parametrize("fault", [{"timeout": True, "hang_s": 60}, {"latency_ms": 60_000}])
def test_a_held_call_whose_client_hangs_up_is_counted_cancelled_not_in_flight(
    sandbox: Served, fault: dict[str, object]
) -> None:
    httpx.put(f"{sandbox.base}/_faults/vionlabs", json=fault).raise_for_status()
    url = f"{sandbox.base}/vionlabs/tasks/catalog-item/asset-0001"

    with pytest.raises(httpx.ReadTimeout):
        httpx.get(url, headers={"X-API-Key": "sandbox-vionlabs-key"}, timeout=0.3)

    deadline = time.monotonic() + 10  # for failing only: the close is seen at once
    while traffic(sandbox, "vionlabs")["inFlight"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert traffic(sandbox, "vionlabs") == {
        "requests": 1,
        "finished": 0,
        "cancelled": 1,
        "inFlight": 0,
    }


def test_a_held_call_still_reaches_the_simulator_with_its_body(sandbox: Served) -> None:
    httpx.put(f"{sandbox.base}/_faults/xandr", json={"latency_ms": 50}).raise_for_status()
    credentials = {"username": "sandbox-api-user", "password": "sandbox-password"}

    response = httpx.post(f"{sandbox.base}/xandr/auth", json={"auth": credentials})

    assert response.json()["response"]["status"] == "OK", response.text
    assert traffic(sandbox, "xandr")["finished"] == 1
