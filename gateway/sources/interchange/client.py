"""The Interchange storefront client: modular-source work items, one inventory source per call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from gateway.caching.entities import EntityKind, ModelCodec, entity_cache
from gateway.errors import NotFound, wrong_base_url
from gateway.http import StaticBearer, UpstreamHTTP
from gateway.http.paths import path_segment
from gateway.http.routes import RoutePath, route
from gateway.sources.interchange.errors import decode_error

# Each answer is read as an envelope first (the simulator's and, by assumption, the upstream's
# form), and only when it has no `data` as the bare payload (reference: Response envelope).
from gateway.sources.interchange.payloads import (
    CompletionEnvelopePayload,
    DocumentEnvelopePayload,
    ListEnvelopePayload,
    WorkItemCompletionPayload,
    WorkItemDocumentPayload,
    WorkItemListPayload,
)
from gateway.sources.interchange.settings import InterchangeSettings
from gateway.state import StateStore

SOURCE = "interchange"
# The pinned major version, not the unversioned alias (reference: Base URL).
API = "/api/v2/storefront"
STATUSES = ("OPEN", "IN_PROGRESS", "BLOCKED", "COMPLETED", "CANCELLED")
# What the upstream applies when `status` is not sent (reference: endpoint 1).
DEFAULT_STATUSES = ("OPEN", "IN_PROGRESS", "BLOCKED")
MAX_LIMIT = 100


@dataclass(frozen=True)
class WorkItemFilter:
    """The list's filters, ANDed upstream; empty `statuses` means the upstream's default set."""

    statuses: tuple[str, ...] = ()
    kind: str | None = None
    resource_type: str | None = None
    resource_id: str | None = None
    media_buy_id: str | None = None
    buyer_customer_id: int | None = None

    def params(self, limit: int) -> dict[str, str]:
        pairs = {
            # One comma-separated parameter, not repeated ones (reference: Quirks).
            "status": ",".join(self.statuses),
            "kind": self.kind,
            "resourceType": self.resource_type,
            "resourceId": self.resource_id,
            "mediaBuyId": self.media_buy_id,
            "buyerCustomerId": str(self.buyer_customer_id)
            if self.buyer_customer_id is not None
            else None,
            # The default is undocumented, so it is always sent (reference: endpoint 1).
            "limit": str(limit),
        }
        return {k: v for k, v in pairs.items() if v}

    @property
    def pinned_status(self) -> str | None:
        """The one status every answer must have, for items that do not say (reference: Quirks)."""
        return self.statuses[0] if len(self.statuses) == 1 else None


# A source id no storefront has, for a readiness probe with no default source configured.
PROBE_SOURCE_ID = "gateway-readiness-probe"


def _segment(value: str, argument: str) -> str:
    return path_segment(value, argument, SOURCE)


# Route templates (gateway.http.routes): traces name the route, not the storefront's ids.
ITEMS = API + "/inventory-sources/{source_id}/modular/work-items"
ITEM = ITEMS + "/{item_id}"
COMPLETE = ITEM + "/complete"


def _items_path(source_id: str) -> RoutePath:
    return route(ITEMS, source_id=_segment(source_id, "sourceId"))


def _item_path(template: str, source_id: str, item_id: str) -> RoutePath:
    return route(
        template, source_id=_segment(source_id, "sourceId"), item_id=_segment(item_id, "id")
    )


def join_key(source_id: str, item_id: str) -> str:
    return f"{quote(source_id, safe='')}/{quote(item_id, safe='')}"


class InterchangeClient:
    """Typed calls to the storefront API; returns payload models, never GraphQL types."""

    def __init__(
        self, http: UpstreamHTTP, settings: InterchangeSettings, store: StateStore | None = None
    ) -> None:
        self.http = http
        self.settings = settings
        self.entities = entity_cache(store)
        self.details: EntityKind[WorkItemDocumentPayload] = EntityKind(
            "interchange.work_item",
            SOURCE,
            ModelCodec(WorkItemDocumentPayload),
            settings.work_item_cache_ttl_s,
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def probe(self) -> None:
        """Readiness: one work item of the first default source; the key is checked first.

        With no default source configured, a source id no storefront has: its 404 still
        proves the key was accepted (a refused key is a 401 before anything else).
        """
        source_id = next(iter(self.settings.default_source_ids), PROBE_SOURCE_ID)
        try:
            await self.http.request("GET", _items_path(source_id), params={"limit": "1"})
        except NotFound as exc:
            # Only a 404 in the API's own envelope proves the path (and so the base URL) right.
            if exc.details.get("upstreamCode") != "NOT_FOUND":
                raise wrong_base_url(SOURCE) from None

    async def list_work_items(
        self, source_id: str, filter: WorkItemFilter, *, limit: int
    ) -> WorkItemListPayload:
        response = await self.http.request(
            "GET", _items_path(source_id), params=filter.params(limit)
        )
        enveloped = self.http.parse_response(ListEnvelopePayload, response).data
        return enveloped or self.http.parse_response(WorkItemListPayload, response)

    async def get_work_item(self, source_id: str, item_id: str) -> WorkItemDocumentPayload:
        """The detail GET; kept `WORK_ITEM_CACHE_TTL_S` (there is no batch form of it)."""

        async def fetch(keys: Sequence[str]) -> dict[str, WorkItemDocumentPayload]:
            response = await self.http.request("GET", _item_path(ITEM, source_id, item_id))
            enveloped = self.http.parse_response(DocumentEnvelopePayload, response).data
            bare = enveloped or self.http.parse_response(WorkItemDocumentPayload, response)
            return {keys[0]: bare}

        key = join_key(source_id, item_id)
        return (await self.entities.through(self.details, [key], fetch))[key]

    async def complete_work_item(
        self,
        source_id: str,
        item_id: str,
        *,
        result: dict[str, Any] | None,
        notes: str | None,
    ) -> WorkItemCompletionPayload:
        """A write: the HTTP layer never retries it."""
        body = {k: v for k, v in (("result", result), ("notes", notes)) if v is not None}
        response = await self.http.request(
            "POST", _item_path(COMPLETE, source_id, item_id), json=body
        )
        enveloped = self.http.parse_response(CompletionEnvelopePayload, response).data
        return enveloped or self.http.parse_response(WorkItemCompletionPayload, response)


def open_client(
    settings: InterchangeSettings,
    transport: httpx.AsyncBaseTransport | None,
    store: StateStore | None = None,  # static keys; the store holds its entity cache
) -> InterchangeClient:
    http = UpstreamHTTP(
        SOURCE,
        settings,
        transport=transport,
        decode_error=decode_error,
        headers={"Accept": "application/json"},
    )
    if settings.api_key is not None:
        # An API key needs no token exchange (reference: Authentication).
        http.auth = StaticBearer(settings.api_key.get_secret_value())
    return InterchangeClient(http, settings, store)
