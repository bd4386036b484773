"""Per-request loaders over the limbo/Beat client."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import TypeVar

from gateway.errors import GatewayError
from gateway.loaders import KeyedLoader, SourceLoader
from gateway.sources.limbobeat.client import LimbobeatClient
from gateway.sources.limbobeat.payloads import (
    DspUploadIdentificationPayload,
    ProductPayload,
    SendTaskPayload,
)
from gateway.sources.limbobeat.relationships import RelatedKey

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


class RelatedIdBySendTaskLoader(SourceLoader[RelatedKey, str]):
    """(task id, relationship) -> related id, for reads whose answer carried links only.

    Ids come from the cross-request cache, else from one relationship call per key (the
    upstream has no batch form), bounded by the client's concurrency and the request's
    deadline. A failing call rejects only its own key: one 429 nulls one task's field.
    """

    client_type = LimbobeatClient
    client: LimbobeatClient

    # aiodataloader rejects just the key whose value is an exception; its stubs don't say so.
    async def batch_load_fn(  # type: ignore[override]
        self, keys: list[RelatedKey]
    ) -> list[str | GatewayError | None]:
        found = await self.client.get_related_ids(keys)
        return [found.get(key) for key in keys]
