"""Per-request loaders over the Blueworks client; every key names the user it acts for."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.loaders import PerKeyLoader
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


class WorkListPageLoader(PerKeyLoader[WorkListKey, WorkListPayload]):
    """Equal pages asked twice in one request (aliases) become one WorkList call."""

    client_type = BlueworksClient
    client: BlueworksClient

    async def fetch_one(self, key: WorkListKey) -> WorkListPayload | None:
        return await self.client.list_work(
            key.user, key.type, start_from=key.start_from, limit=key.limit
        )


class WorkDetailByIdLoader(PerKeyLoader[WorkDetailKey, WorkDetailPayload]):
    """One WorkDetail call per distinct (user, workId); the client bounds how many run at once."""

    client_type = BlueworksClient
    client: BlueworksClient

    async def fetch_one(self, key: WorkDetailKey) -> WorkDetailPayload | None:
        return await self.client.get_work_detail(key.user, key.work_id)
