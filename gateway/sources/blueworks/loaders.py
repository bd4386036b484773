"""Per-request loaders over the Blueworks client; every key names the user it acts for."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Self

from gateway.clients import Clients
from gateway.loaders import KeyedLoader
from gateway.sources.blueworks.client import BlueworksClient, WorkType
from gateway.sources.blueworks.payloads import WorkDetailPayload, WorkListPayload


@dataclass(frozen=True)
class WorkListKey:
    """One WorkList page as one user sees it (reference: cache per user, type and page)."""

    user: str | None
    type: WorkType
    start_from: int
    limit: int


@dataclass(frozen=True)
class WorkDetailKey:
    user: str | None
    work_id: str


class WorkListPageLoader(KeyedLoader[WorkListKey, WorkListPayload]):
    """Equal pages asked twice in one request (aliases) become one WorkList call."""

    def __init__(self, client: BlueworksClient) -> None:
        super().__init__(max_batch_size=client.settings.max_batch_size)
        self.client = client

    @classmethod
    def from_clients(cls, clients: Clients) -> Self:
        return cls(clients.get(BlueworksClient))

    async def fetch(self, keys: Sequence[WorkListKey]) -> Mapping[WorkListKey, WorkListPayload]:
        pages = await asyncio.gather(
            *(
                self.client.list_work(k.user, k.type, start_from=k.start_from, limit=k.limit)
                for k in keys
            )
        )
        return dict(zip(keys, pages, strict=True))


class WorkDetailByIdLoader(KeyedLoader[WorkDetailKey, WorkDetailPayload]):
    """One WorkDetail call per distinct (user, workId); the client bounds how many run at once."""

    def __init__(self, client: BlueworksClient) -> None:
        super().__init__(max_batch_size=client.settings.max_batch_size)
        self.client = client

    @classmethod
    def from_clients(cls, clients: Clients) -> Self:
        return cls(clients.get(BlueworksClient))

    async def fetch(
        self, keys: Sequence[WorkDetailKey]
    ) -> Mapping[WorkDetailKey, WorkDetailPayload]:
        details = await asyncio.gather(
            *(self.client.get_work_detail(k.user, k.work_id) for k in keys)
        )
        return {k: d for k, d in zip(keys, details, strict=True) if d is not None}
