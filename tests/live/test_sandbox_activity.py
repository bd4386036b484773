"""A served sandbox keeps producing work, so a live dashboard has news without any set-up."""

from __future__ import annotations

from gateway.config import SandboxSettings
from gateway.sources.vionlabs.settings import VionlabsSettings
from tests.live.client import connected
from tests.live.conftest import StartServer, live_settings

NEW_WORK = """
subscription { taskChanged(filter: {sources: [VIONLABS]}) {
  __typename ... on TaskChange { kind task { title ... on CatalogTask { version } } }
} }
"""


async def test_automatic_processing_starts_new_catalog_tasks_on_the_sandbox_clock(
    start_server: StartServer,
) -> None:
    settings = live_settings(
        sandbox=SandboxSettings(mode="in_process", activity_s=60),
        vionlabs=VionlabsSettings(poll_interval_s=0.1, retries=0),
    )
    server = await start_server(settings)
    async with connected(server) as ws:
        await ws.init()
        await ws.subscribe("1", NEW_WORK)
        await ws.event("1")
        await server.http.post("/sandbox/_clock/advance", json={"seconds": 61})
        appeared = await ws.event_where("1", "TaskChange", kind="APPEARED", task__version="auto.1")
    assert appeared["task"]["title"].endswith("for asset-0002")
