"""Live tests run a real gateway (uvicorn on a free port) on its in-process sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from gateway.config import Settings
from gateway.live import LiveSettings
from gateway.sources.limbobeat.settings import LimbobeatSettings
from tests.conftest import sandbox_settings
from tests.live.client import LiveServer

StartServer = Callable[..., Awaitable[LiveServer]]


def live_settings(interval_s: float = 0.2, **overrides: Any) -> Settings:
    """Short poll intervals, no retries (a failing poll fails at once), the sandbox in-process."""
    live = overrides.pop("live", LiveSettings(max_backoff_s=1.0, poll_timeout_s=5.0))
    limbobeat = overrides.pop("limbobeat", LimbobeatSettings(poll_interval_s=interval_s, retries=0))
    if "sandbox" in overrides:
        return Settings(live=live, limbobeat=limbobeat, **overrides)
    return sandbox_settings(live=live, limbobeat=limbobeat, **overrides)


@pytest.fixture
async def start_server() -> AsyncIterator[StartServer]:
    servers: list[LiveServer] = []

    async def start(settings: Settings) -> LiveServer:
        server = await LiveServer(settings).start()
        servers.append(server)
        return server

    yield start
    for server in reversed(servers):
        await server.stop()
