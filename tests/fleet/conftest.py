"""The real processes of the fleet tests, started once for the package, all at once (their
start-ups overlap), and stopped after: one `gateway sandbox`, two `gateway serve` sharing the
test Redis, one `gateway serve --workers 2 --sandbox`, and the container image's entry command
with a `gateway sandbox` of its own (so the first sandbox's counters are the fleet's alone).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gateway.sources.registry import SOURCES
from tests.fleet.container import compose_service, final_stage
from tests.processes import RedisServer, Served, clean_env, free_port, gateway_command

# Callers (by rate-limit key: `jwt:<subject>`) whose buckets hold a few requests or cost units
# and never refill within a test run; every other caller gets the default limits.
LIMITED_CALLERS = {
    "jwt:fleet-requests@example.com": {"requests_per_s": 0.001, "request_burst": 4},
    "jwt:fleet-cost@example.com": {"cost_per_s": 0.001, "cost_burst": 3},
}


def upstream_env(sandbox: str) -> dict[str, str]:
    """Every source pointed at the sandbox process by base URL, with its demo credentials."""
    env = {}
    for spec in SOURCES:
        prefix = f"GATEWAY_{spec.name.upper()}__"
        env[f"{prefix}BASE_URL"] = f"{sandbox}/{spec.name}"
        env |= {f"{prefix}{k.upper()}": str(v) for k, v in spec.sandbox_credentials.items()}
    return env


def image_env(sandbox: str, redis_url: str, port: int) -> dict[str, str]:
    """What the image's process sees in compose.yaml's demo, on this machine's loopback."""
    stage = final_stage()
    env = clean_env(**{k: v for k, v in stage.env.items() if k != "PATH"})
    for key, value in compose_service("gateway")["environment"].items():
        value = str(value).replace("http://sandbox:8100", sandbox)
        env[key] = value.replace("redis://redis:6379/0", redis_url)
    # The image's PATH starts with its venv's bin; here that is this interpreter's.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    # Loopback and a free port instead of 0.0.0.0:8000; one worker (the workers test has two).
    return env | {"GATEWAY_HOST": "127.0.0.1", "GATEWAY_PORT": str(port), "GATEWAY_WORKERS": "1"}


@dataclass(frozen=True)
class Fleet:
    sandbox: Served
    gateways: list[Served]
    workers: Served
    image: Served
    image_sandbox: Served
    redis: RedisServer


@pytest.fixture(scope="package")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    logs = tmp_path_factory.mktemp("fleet")
    # A Redis of its own: other tests empty the shared one while these processes run.
    redis_server = RedisServer(logs).start()
    port = free_port()
    sandbox = Served(gateway_command("sandbox", "--port", str(port)), port, logs, clean_env())
    shared = clean_env(
        GATEWAY_REDIS_URL=redis_server.url,
        GATEWAY_STATE__KEY_PREFIX="fleet:",
        # Both caches on: the entity cache is by default, the response cache by this. The item
        # tasks the cache test reads are kept longer than a loaded CI machine could ever take.
        GATEWAY_CACHE__RESPONSES="true",
        GATEWAY_VIONLABS__ITEM_TASKS_CACHE_TTL_S="600",
        # Rate limits on (they are outside production only when asked), tight for two callers.
        GATEWAY_RATE_LIMITS__ENABLED="true",
        GATEWAY_RATE_LIMITS__BY_KEY=json.dumps(LIMITED_CALLERS),
        **upstream_env(sandbox.base),
    )
    gateways = []
    for _ in range(2):
        port = free_port()
        command = gateway_command("serve", "--no-sandbox", "--port", str(port))
        gateways.append(Served(command, port, logs, shared))
    port = free_port()
    workers = Served(
        gateway_command("serve", "--sandbox", "--workers", "2", "--port", str(port)),
        port,
        logs,
        clean_env(
            GATEWAY_REDIS_URL=redis_server.url,
            GATEWAY_STATE__KEY_PREFIX="workers:",
            # JSON lines carry the pid: which worker served a request.
            GATEWAY_LOG_FORMAT="json",
        ),
    )
    port = free_port()
    image_sandbox = Served(gateway_command("sandbox", "--port", str(port)), port, logs, clean_env())
    port = free_port()
    env = image_env(image_sandbox.base, redis_server.url, port)
    image = Served(final_stage().cmd, port, logs, env)
    started = [sandbox, image_sandbox, *gateways, workers, image]
    try:
        for served in started[:2]:
            served.wait_healthy("/_stats")
        for served in started[2:]:
            served.wait_healthy()
        yield Fleet(sandbox, gateways, workers, image, image_sandbox, redis_server)
    finally:
        for served in reversed(started):
            served.stop()
        redis_server.stop()
