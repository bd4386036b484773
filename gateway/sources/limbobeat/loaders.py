"""Per-request loaders over the limbo/Beat client."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Self

from gateway.clients import Clients
from gateway.loaders import KeyedLoader
from gateway.sources.limbobeat.client import LimbobeatClient
from gateway.sources.limbobeat.payloads import SendTaskPayload


class SendTaskByIdLoader(KeyedLoader[str, SendTaskPayload]):
    """Every `sendTask(id)` of one tick becomes one `filter[id]=…` request."""

    def __init__(self, client: LimbobeatClient) -> None:
        super().__init__(max_batch_size=client.settings.max_batch_size)
        self.client = client

    @classmethod
    def from_clients(cls, clients: Clients) -> Self:
        return cls(clients.get(LimbobeatClient))

    async def fetch(self, keys: Sequence[str]) -> Mapping[str, SendTaskPayload]:
        return {task.id: task for task in await self.client.get_send_tasks(keys)}
