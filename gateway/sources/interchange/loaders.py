"""Per-request loaders over the Interchange client.

The upstream has no batch lookup (reference: Batch lookup), so batching is per inventory source
plus filter: every key of one tick becomes its own request, all of them in parallel.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gateway.errors import GatewayError, NotFound
from gateway.loaders import KeyedLoader, PerKeyLoader
from gateway.sources.interchange.client import InterchangeClient, WorkItemFilter
from gateway.sources.interchange.payloads import WorkItemDocumentPayload, WorkItemListPayload


@dataclass(frozen=True)
class WorkItemPageKey:
    source_id: str
    filter: WorkItemFilter
    limit: int


@dataclass(frozen=True)
class SourcePage:
    """One source's answer, or why it failed: one failing source must not sink the others."""

    key: WorkItemPageKey
    page: WorkItemListPayload | None = None
    error: GatewayError | None = None


class WorkItemPageBySourceLoader(KeyedLoader[WorkItemPageKey, SourcePage]):
    """Every (source, filter, limit) of one tick is one list call; the calls run in parallel."""

    client_type = InterchangeClient
    client: InterchangeClient

    async def fetch(self, keys: Sequence[WorkItemPageKey]) -> Mapping[WorkItemPageKey, SourcePage]:
        pages = await asyncio.gather(*(self._one(key) for key in keys))
        return {page.key: page for page in pages}

    async def _one(self, key: WorkItemPageKey) -> SourcePage:
        try:
            page = await self.client.list_work_items(key.source_id, key.filter, limit=key.limit)
        except GatewayError as exc:
            return SourcePage(key, error=exc)
        return SourcePage(key, page=page)


class WorkItemByIdLoader(PerKeyLoader[tuple[str, str], WorkItemDocumentPayload]):
    """Keys are (sourceId, workItemId); one detail call each, in parallel; a 404 is None."""

    client_type = InterchangeClient
    client: InterchangeClient

    async def fetch_one(self, key: tuple[str, str]) -> WorkItemDocumentPayload | None:
        try:
            return await self.client.get_work_item(*key)
        except NotFound:
            return None
