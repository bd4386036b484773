"""The gateway in-process on its sandbox, and a `gql()` helper that speaks GraphQL over HTTP."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import FastAPI

from gateway.app import IN_PROCESS_SANDBOX, create_app
from gateway.callers.dev_key import mint_development_token
from gateway.callers.scopes import ALL_SCOPES
from gateway.config import SandboxSettings, Settings
from tests.processes import RedisServer


class Gateway:
    """A running gateway: `gql()` posts a query; `fault()` switches a sandbox fault."""

    def __init__(self, http: httpx.AsyncClient, app: FastAPI | None = None) -> None:
        self.http = http
        self.app = app

    async def gql(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        *,
        headers: dict[str, str] | None = None,
        debug: bool = True,
    ) -> dict[str, Any]:
        sent = {"x-gateway-debug": "calls"} if debug else {}
        response = await self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=sent | (headers or {}),
        )
        assert response.status_code in (200, 400), response.text
        body: dict[str, Any] = response.json()
        return body

    async def fault(self, source: str, **fault: Any) -> None:
        response = await self.http.put(f"/sandbox/_faults/{source}", json=fault)
        assert response.status_code == 200, response.text

    async def clear_fault(self, source: str) -> None:
        await self.http.delete(f"/sandbox/_faults/{source}")

    async def traffic(self, source: str) -> dict[str, Any]:
        """What the sandbox's simulator of `source` received: requests, cancelled, in flight."""
        response = await self.http.get("/sandbox/_stats")
        empty = {"requests": 0, "cancelled": 0, "inFlight": 0, "paths": []}
        counts: dict[str, Any] = response.json().get(source, empty)
        return counts

    async def advance_clock(self, seconds: float) -> None:
        response = await self.http.post("/sandbox/_clock/advance", json={"seconds": seconds})
        assert response.status_code == 200


def calls(body: dict[str, Any], source: str | None = None) -> list[dict[str, Any]]:
    """The upstream calls a response reports (debug extension), optionally of one source."""
    made: list[dict[str, Any]] = body["extensions"]["upstreamCalls"]["calls"]
    return [c for c in made if source is None or c["source"] == source]


def as_user(user: str, *scopes: str) -> dict[str, str]:
    """Headers that authenticate as `user` with a development token (every scope by default)."""
    token = mint_development_token(user, scopes or sorted(ALL_SCOPES))
    return {"Authorization": f"Bearer {token}"}


def gid(type_name: str, key: str) -> str:
    """The global id the graph gives the `type_name` object with node key `key` (Relay's
    base64 of "Type:key"); tests use it for the sandbox's known objects."""
    return base64.b64encode(f"{type_name}:{key}".encode()).decode()


def sandbox_settings(**overrides: Any) -> Settings:
    sandbox = SandboxSettings(mode="in_process", size=overrides.pop("size", 60))
    return Settings(sandbox=sandbox, **overrides)


MakeGateway = Callable[..., Any]


@pytest.fixture
async def make_gateway() -> AsyncIterator[Callable[[Settings], Any]]:
    """Start a gateway for given settings; all are shut down after the test."""
    managers: list[LifespanManager] = []

    async def start(settings: Settings, **options: Any) -> Gateway:
        app = create_app(settings, **options)
        manager = LifespanManager(app)
        await manager.__aenter__()
        managers.append(manager)
        client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        )
        return Gateway(client, app)

    yield start
    for manager in reversed(managers):
        await manager.__aexit__(None, None, None)


@pytest.fixture
async def gateway(make_gateway: Callable[[Settings], Any]) -> Gateway:
    gw: Gateway = await make_gateway(sandbox_settings())
    return gw


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """One real `redis-server` for the whole run; tests that stop it start their own."""
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The shared Redis, emptied for this test."""
    redis_server.command("FLUSHALL")
    return redis_server.url


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis this test may stop and start again (the shared one stays up for the others)."""
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


__all__ = ["IN_PROCESS_SANDBOX", "Gateway", "as_user", "calls", "gid", "sandbox_settings"]
