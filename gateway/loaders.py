"""The shape every DataLoader in the gateway shares."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, ClassVar, Protocol, Self, TypeVar

from aiodataloader import DataLoader

from gateway.clients import Clients
from gateway.errors import GatewayError

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BuildsFromClients(Protocol):
    """A per-request loader the context can build from the app's open clients."""

    @classmethod
    def from_clients(cls, clients: Clients) -> Self: ...


class SourceLoader(DataLoader[K, V | None]):
    """A per-request loader over one source's open client, batching up to its max batch size.

    Subclasses name their client's class in `client_type` (and annotate `client` with it);
    the context builds them with `from_clients`.
    """

    client_type: ClassVar[type[Any]]
    client: Any

    def __init__(self, client: Any) -> None:
        super().__init__(max_batch_size=client.settings.max_batch_size)
        self.client = client

    @classmethod
    def from_clients(cls, clients: Clients) -> Self:
        return cls(clients.get(cls.client_type))


class KeyedLoader(SourceLoader[K, V]):
    """One upstream call per batch of keys; results matched by key, a missing key is None.

    A failure of the batch call rejects every key of that batch with the same error.
    """

    async def batch_load_fn(self, keys: list[K]) -> list[V | None]:
        found = await self.fetch(keys)
        return [found.get(key) for key in keys]

    async def fetch(self, keys: Sequence[K]) -> Mapping[K, V]:
        raise NotImplementedError


class PerKeyLoader(SourceLoader[K, V]):
    """For upstreams with no batch lookup: one call per key, every key of a batch at once.

    A failing call rejects only its own key, so one bad id does not sink its siblings;
    `fetch_one` returns None for a key the upstream does not have.
    """

    # aiodataloader rejects just the key whose value is an exception; its stubs don't say so.
    async def batch_load_fn(  # type: ignore[override]
        self, keys: list[K]
    ) -> list[V | GatewayError | None]:
        return list(await asyncio.gather(*(self._settled(key) for key in keys)))

    async def _settled(self, key: K) -> V | GatewayError | None:
        try:
            return await self.fetch_one(key)
        except GatewayError as exc:
            return exc

    async def fetch_one(self, key: K) -> V | None:
        raise NotImplementedError
