"""The shape every DataLoader in the gateway shares."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Protocol, Self, TypeVar

from aiodataloader import DataLoader

from gateway.clients import Clients

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BuildsFromClients(Protocol):
    """A per-request loader the context can build from the app's open clients."""

    @classmethod
    def from_clients(cls, clients: Clients) -> Self: ...


class KeyedLoader(DataLoader[K, V | None]):
    """One upstream call per batch of keys; results matched by key, a missing key is None.

    A failure of the batch call rejects every key of that batch with the same error.
    """

    def __init__(self, *, max_batch_size: int) -> None:
        super().__init__(max_batch_size=max_batch_size)

    async def batch_load_fn(self, keys: list[K]) -> list[V | None]:
        found = await self.fetch(keys)
        return [found.get(key) for key in keys]

    async def fetch(self, keys: Sequence[K]) -> Mapping[K, V]:
        raise NotImplementedError
