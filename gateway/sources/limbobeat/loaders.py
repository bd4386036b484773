"""Per-request loaders over the limbo/Beat client."""

from __future__ import annotations

import asyncio
from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

from gateway.errors import NotFound
from gateway.loaders import KeyedLoader
from gateway.sources.limbobeat.client import LimbobeatClient
from gateway.sources.limbobeat.payloads import (
    DspUploadIdentificationPayload,
    ProductPayload,
    SendTaskPayload,
)

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LimbobeatLoader(KeyedLoader[K, V]):
    """A keyed loader over the one open limbo/Beat client, batched up to its max batch size."""

    client_type = LimbobeatClient
    client: LimbobeatClient


class SendTaskByIdLoader(LimbobeatLoader[str, SendTaskPayload]):
    """Every `sendTask(id)` of one tick becomes one `filter[id]=…` request."""

    async def fetch(self, keys: Sequence[str]) -> Mapping[str, SendTaskPayload]:
        return {task.id: task for task in await self.client.get_send_tasks(keys)}


class ProductByIdLoader(LimbobeatLoader[str, ProductPayload]):
    """The products of every send task resolved in one tick: one `/products?filter[id]` call."""

    async def fetch(self, keys: Sequence[str]) -> Mapping[str, ProductPayload]:
        return {p.id: p for p in await self.client.get_products(keys)}


class DspUploadIdentificationByIdLoader(LimbobeatLoader[str, DspUploadIdentificationPayload]):
    """DSP upload identifications of one tick in one `filter[id]` call."""

    async def fetch(self, keys: Sequence[str]) -> Mapping[str, DspUploadIdentificationPayload]:
        return {d.id: d for d in await self.client.get_dsp_upload_identifications(keys)}


class RelatedIdBySendTaskLoader(LimbobeatLoader[tuple[str, str], str]):
    """Fallback for reads without resource linkage: (task id, relationship) -> related id.

    The upstream has no batch form of `/send-tasks/{id}/relationships/<name>`, so this costs one
    call per task (bounded by the client's concurrency); reads that carry `data` skip it.
    """

    async def fetch(self, keys: Sequence[tuple[str, str]]) -> Mapping[tuple[str, str], str]:
        found = await asyncio.gather(*(self._one(task_id, name) for task_id, name in keys))
        return {key: rid for key, rid in zip(keys, found, strict=True) if rid is not None}

    async def _one(self, task_id: str, name: str) -> str | None:
        try:
            return await self.client.get_related_id(task_id, name)
        except NotFound:
            return None
