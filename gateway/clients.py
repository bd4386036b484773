"""The upstream clients the app's lifespan opened, looked up by their class."""

from __future__ import annotations

from typing import Any, TypeVar

from gateway.errors import SourceNotConfigured

C = TypeVar("C")


class Clients:
    """A typed map from client class to the one open instance of it."""

    def __init__(self, clients: dict[type[Any], Any], unconfigured: dict[type[Any], str]) -> None:
        self._clients = clients
        self._unconfigured = unconfigured

    def get(self, client_type: type[C]) -> C:
        client = self._clients.get(client_type)
        if client is None:
            source = self._unconfigured.get(client_type, client_type.__name__)
            raise SourceNotConfigured(
                f"{source} is not configured on this gateway "
                f"(set GATEWAY_{source.upper()}__BASE_URL)",
                source=source,
            )
        assert isinstance(client, client_type)
        return client

    async def aclose(self) -> None:
        for client in self._clients.values():
            await client.aclose()
