"""Two gateway processes' worth of apps on one Redis and one sandbox: writes reach every poller."""

from __future__ import annotations

from pydantic import SecretStr

from gateway.config import SandboxSettings, Settings
from gateway.live import LiveSettings
from gateway.sandbox.app import create_sandbox
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.sources.registry import SOURCES
from tests.conftest import gid
from tests.live.client import LiveServer, connected
from tests.live.conftest import StartServer
from tests.live.test_task_events import EVENTS, SEND_TASKS, UPDATE, WAITING_TASK


async def test_a_write_on_one_gateway_makes_the_other_gateways_poller_poll_at_once(
    start_server: StartServer, redis_url: str
) -> None:
    sandbox = await LiveServer(
        app=create_sandbox({s.name: s.simulator for s in SOURCES}, seed=20261123, size=60)
    ).start()
    try:
        # An interval far longer than the test: only the write notice through Redis can do it.
        settings = Settings(
            sandbox=SandboxSettings(mode="external", external_url=sandbox.base),
            redis_url=SecretStr(redis_url),
            live=LiveSettings(max_backoff_s=1.0),
            limbobeat=LimbobeatSettings(poll_interval_s=60, retries=0),
        )
        writer, watcher = await start_server(settings), await start_server(settings)
        async with connected(watcher) as ws:
            await ws.init()
            await ws.subscribe("1", EVENTS, SEND_TASKS)
            await ws.event("1")
            written = await writer.gql(
                UPDATE, {"id": gid("SendTask", WAITING_TASK), "status": "ERROR"}
            )
            assert written["data"]["updateSendTask"]["userErrors"] == []
            change = await ws.event("1", timeout_s=5)
    finally:
        await sandbox.stop()

    assert change["kind"] == "CHANGED"
    assert change["task"]["upstreamId"] == WAITING_TASK
    assert change["current"] == {"state": "FAILED", "statusRaw": "error"}
