"""Per-request loaders over the Vionlabs client: one list call per item, fanned out in parallel."""

from __future__ import annotations

from collections.abc import Awaitable

from gateway.errors import NotFound
from gateway.loaders import PerKeyLoader
from gateway.sources.vionlabs.client import CatalogTaskRecord, TaskRef, VionlabsClient

ItemTasks = list[CatalogTaskRecord]

# The `ProductType` enum of the task paths (reference: Path parameters).
DOCUMENTED_PRODUCTS = frozenset(
    {
        "adbreaks",
        "contextual_adbreak",
        "emotions",
        "fingerprint",
        "fingerprintplus",
        "jitpreviews",
        "jitthumbnails",
        "markers",
        "nudity",
        "profanity",
        "semantic",
        "similar",
        "content_summary",
        "semantic_scenes",
        "vertical_conversion",
        "scene_tags",
    }
)


class CatalogTaskByRefLoader(PerKeyLoader[TaskRef, CatalogTaskRecord]):
    """Single tasks; a task whose item list this request loads anyway costs no extra call."""

    client_type = VionlabsClient
    client: VionlabsClient

    def __init__(self, client: VionlabsClient, items: CatalogTasksByItemLoader) -> None:
        super().__init__(client)
        self.items = items

    async def fetch_one(self, ref: TaskRef) -> CatalogTaskRecord | None:
        # Runs one tick after the first load, so item lists requested by sibling fields of the
        # same level are already in the item loader's cache, pending or done.
        listed = self.items.peek(ref.catalog_item_id)
        if listed is None and ref.product not in DOCUMENTED_PRODUCTS:
            # The single-task path validates `product` against the documented enum (422), but
            # the item list reports newer products too (reference: Path parameters).
            listed = self.items.load(ref.catalog_item_id)
        if listed is not None:
            tasks = await listed
            if tasks is None:
                return None
            return next(
                (t for t in tasks if (t.ref.product, t.ref.version) == (ref.product, ref.version)),
                None,
            )
        try:
            return CatalogTaskRecord.of(ref, await self.client.get_task(ref))
        except NotFound:
            return None


class CatalogTasksByItemLoader(PerKeyLoader[str, ItemTasks]):
    """Every item of a request is one `GET /tasks/catalog-item/{id}`, all in parallel.

    There is no multi-item lookup upstream (reference: Pagination / batch lookup), so a batch
    fans out, bounded by the client's semaphore; an unknown item (404) is None and one item's
    failure rejects that item only.
    """

    client_type = VionlabsClient
    client: VionlabsClient

    def __init__(self, client: VionlabsClient) -> None:
        super().__init__(client)
        self.by_ref = CatalogTaskByRefLoader(client, self)

    async def fetch_one(self, catalog_item_id: str) -> ItemTasks | None:
        try:
            listed = await self.client.list_item_tasks(catalog_item_id)
        except NotFound:
            return None
        return [CatalogTaskRecord.listed(catalog_item_id, p) for p in listed]

    def peek(self, catalog_item_id: str) -> Awaitable[ItemTasks | None] | None:
        """The item's list if this request has asked for it (done or still on its way)."""
        future = self._cache.get(catalog_item_id)
        return future if future is not None else None

    async def task(self, ref: TaskRef) -> CatalogTaskRecord | None:
        return await self.by_ref.load(ref)

    def forget(self, catalog_item_id: str) -> None:
        """After a mutation of the item's tasks, so later fields of the request read afresh."""
        self.clear(catalog_item_id)
        self.by_ref.clear_all()
