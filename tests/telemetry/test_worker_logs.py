"""Every worker of `gateway serve --workers N` logs through the gateway's handler."""

from __future__ import annotations

import json
from pathlib import Path

import httpx

from tests.processes import Served, clean_env, free_port, gateway_command


def test_each_worker_writes_json_lines_with_request_ids_and_nothing_else(tmp_path: Path) -> None:
    port = free_port()
    served = Served(
        gateway_command("serve", "--no-sandbox", "--workers", "2", "--port", str(port)),
        port,
        tmp_path,
        clean_env(GATEWAY_LOG_FORMAT="json"),
    ).wait_healthy()
    try:
        for n in range(6):
            response = httpx.post(
                f"{served.base}/graphql",
                json={"query": "query Worked { __typename }"},
                headers={"x-request-id": f"worker-{n}"},
                timeout=10,
            )
            assert response.headers["x-request-id"] == f"worker-{n}"
    finally:
        served.stop()

    # Every line is JSON, the start-up address included: a log pipeline reads nothing else.
    lines = [line for line in served.log_path.read_text().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    assert any(r["message"].startswith("GraphiQL: http://127.0.0.1:") for r in records)
    requests = [r for r in records if r.get("event") == "graphql_request"]
    assert sorted(r["request_id"] for r in requests) == [f"worker-{n}" for n in range(6)]
    # uvicorn's own lines of the workers came through the same handler.
    assert any(r["logger"] == "uvicorn.access" for r in records)
    assert len({r["message"] for r in records if "Started server process" in r["message"]}) >= 2
