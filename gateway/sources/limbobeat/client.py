"""The limbo/Beat distribution API client: send tasks, read through JSON:API."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel

from gateway.errors import UpstreamRejected, UpstreamUnauthenticated
from gateway.http import (
    StaticBearer,
    Token,
    TokenAuth,
    TokenSharing,
    UpstreamHTTP,
    bearer,
)
from gateway.sources.limbobeat.errors import decode_error
from gateway.sources.limbobeat.payloads import (
    DspUploadIdentificationPagePayload,
    DspUploadIdentificationPayload,
    ProductPagePayload,
    ProductPayload,
    RelationshipDocumentPayload,
    SendTaskDocumentPayload,
    SendTaskPagePayload,
    SendTaskPayload,
    TokenPayload,
)
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.state import StateStore

SOURCE = "limbobeat"
API = "/api/v1"
JSON_API = "application/vnd.api+json"

PageT = TypeVar("PageT", bound=BaseModel)


@dataclass(frozen=True)
class SendTaskFilter:
    """The collection filters the upstream documents; None or empty means not filtered."""

    ids: Sequence[str] = ()
    product_id: str | None = None
    statuses: Sequence[str] = ()
    delivery_type: str | None = None
    dsp_upload_identification_id: str | None = None
    created_at_gte: str | None = None
    created_at_lte: str | None = None

    def params(self) -> list[tuple[str, str]]:
        # The array form `filter[id][]=…` works whether or not the upstream configured a list
        # delimiter; the comma form needs one (reference: batch lookup).
        pairs = [("filter[id][]", i) for i in self.ids]
        statuses = list(self.statuses)
        if "procesing" in statuses and "processing" not in statuses:
            # Asking for both spellings tolerates an upstream that fixes its typo.
            statuses.append("processing")
        pairs += [("filter[status][]", s) for s in statuses]
        single = {
            "filter[product-id]": self.product_id,
            "filter[delivery-type]": self.delivery_type,
            "filter[dsp-upload-identification-id]": self.dsp_upload_identification_id,
            "filter[created-at-gte]": self.created_at_gte,
            "filter[created-at-lte]": self.created_at_lte,
        }
        return pairs + [(k, v) for k, v in single.items() if v]


@dataclass(frozen=True)
class NewSendTask:
    """What `POST /send-tasks` takes (reference: Create)."""

    product_id: str
    dsp_upload_identification_id: str
    delivery_type: str
    deliverable: bool
    sent_on_behalf_of_name: str | None = None
    sent_on_behalf_of_dpid: str | None = None

    def document(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "deliverable": self.deliverable,
            "delivery-type": self.delivery_type,
            "sent-on-behalf-of-name": self.sent_on_behalf_of_name,
            "sent-on-behalf-of-dpid": self.sent_on_behalf_of_dpid,
        }
        related = {
            "product": {"data": {"type": "products", "id": self.product_id}},
            "dsp-upload-identification": {
                "data": {
                    "type": "dsp-upload-identifications",
                    "id": self.dsp_upload_identification_id,
                }
            },
        }
        return {
            "data": {
                "type": "send-tasks",
                "attributes": {k: v for k, v in attributes.items() if v is not None},
                "relationships": related,
            }
        }


@dataclass(frozen=True)
class SendTaskChanges:
    """What `PATCH /send-tasks/{id}` takes; None keeps the upstream's value (reference: Update)."""

    deliverable: bool | None = None
    delivery_type: str | None = None
    status: str | None = None

    def document(self, task_id: str) -> dict[str, Any]:
        attributes = {
            "deliverable": self.deliverable,
            "delivery-type": self.delivery_type,
            "status": self.status,
        }
        return {
            "data": {
                "type": "send-tasks",
                "id": task_id,
                "attributes": {k: v for k, v in attributes.items() if v is not None},
            }
        }


class LimbobeatClient:
    """Typed calls to `/api/v1`; returns payload models, never GraphQL types."""

    def __init__(self, http: UpstreamHTTP, settings: LimbobeatSettings) -> None:
        self.http = http
        self.settings = settings

    async def aclose(self) -> None:
        await self.http.aclose()

    async def probe(self) -> None:
        """Readiness: the smallest authenticated read, one send task (token fetched if needed)."""
        params = {"page[number]": "1", "page[size]": "1"}
        await self.http.request("GET", f"{API}/send-tasks", params=params)

    async def list_send_tasks(
        self, filter: SendTaskFilter, *, page_number: int, page_size: int
    ) -> SendTaskPagePayload:
        params = [
            *filter.params(),
            ("page[number]", str(page_number)),
            ("page[size]", str(min(page_size, self.settings.page_size_cap))),
        ]
        response = await self.http.request("GET", f"{API}/send-tasks", params=params)
        return self.http.parse(SendTaskPagePayload, self.http.read_json(response))

    async def get_send_tasks(self, ids: Sequence[str]) -> list[SendTaskPayload]:
        """Batch lookup through `filter[id]`; unknown ids are simply absent from the answer."""
        pages = await self._by_ids("send-tasks", SendTaskPagePayload, ids)
        return [task for page in pages for task in page.data]

    async def get_products(self, ids: Sequence[str]) -> list[ProductPayload]:
        pages = await self._by_ids("products", ProductPagePayload, ids)
        return [product for page in pages for product in page.data]

    async def get_dsp_upload_identifications(
        self, ids: Sequence[str]
    ) -> list[DspUploadIdentificationPayload]:
        pages = await self._by_ids(
            "dsp-upload-identifications", DspUploadIdentificationPagePayload, ids
        )
        return [dsp for page in pages for dsp in page.data]

    async def _by_ids(self, collection: str, model: type[PageT], ids: Sequence[str]) -> list[PageT]:
        """One `filter[id][]` request per page-size cap of ids, sent together."""
        cap = self.settings.page_size_cap
        chunks = [ids[i : i + cap] for i in range(0, len(ids), cap)]

        async def one(chunk: Sequence[str]) -> PageT:
            params = [("filter[id][]", i) for i in chunk]
            params += [("page[number]", "1"), ("page[size]", str(len(chunk)))]
            response = await self.http.request(
                "GET", f"{API}/{collection}", params=params, batch_size=len(chunk)
            )
            return self.http.parse(model, self.http.read_json(response))

        return list(await asyncio.gather(*(one(chunk) for chunk in chunks)))

    async def get_send_task(self, task_id: str) -> SendTaskPayload:
        response = await self.http.request("GET", f"{API}/send-tasks/{task_id}")
        return self.http.parse(SendTaskDocumentPayload, self.http.read_json(response)).data

    async def get_related_id(self, task_id: str, relationship: str) -> str | None:
        """The relationship endpoint: the fallback when a read carried links but no `data`."""
        response = await self.http.request(
            "GET", f"{API}/send-tasks/{task_id}/relationships/{relationship}"
        )
        document = self.http.parse(RelationshipDocumentPayload, self.http.read_json(response))
        return document.data.id if document.data else None

    async def create_send_task(self, new: NewSendTask) -> SendTaskPayload:
        """Never retried: the HTTP layer repeats only idempotent methods."""
        response = await self.http.request("POST", f"{API}/send-tasks", json=new.document())
        return self.http.parse(SendTaskDocumentPayload, self.http.read_json(response)).data

    async def update_send_task(self, task_id: str, changes: SendTaskChanges) -> SendTaskPayload:
        response = await self.http.request(
            "PATCH", f"{API}/send-tasks/{task_id}", json=changes.document(task_id)
        )
        return self.http.parse(SendTaskDocumentPayload, self.http.read_json(response)).data


def _password_grant(
    http: UpstreamHTTP, settings: LimbobeatSettings, sharing: TokenSharing | None
) -> TokenAuth:
    async def fetch() -> Token:
        assert settings.email and settings.password is not None
        body = {
            "grant_type": "password",
            # The upstream's grant takes `email`, not `username` (reference: Authentication).
            "email": settings.email,
            "password": settings.password.get_secret_value(),
        }
        try:
            response = await http.request(
                "POST",
                "/oauth/token",
                json=body,
                authenticated=False,
                headers={"Content-Type": "application/json", "Accept": "application/json"},
            )
        except (UpstreamRejected, UpstreamUnauthenticated):
            raise UpstreamUnauthenticated(
                f"{SOURCE} refused the gateway's email and password", source=SOURCE
            ) from None
        token = http.parse(TokenPayload, http.read_json(response))
        return Token.lasting(token.access_token, token.expires_in)

    return TokenAuth(fetch, bearer, sharing=sharing)


def open_client(
    settings: LimbobeatSettings,
    transport: httpx.AsyncBaseTransport | None,
    store: StateStore | None = None,
) -> LimbobeatClient:
    http = UpstreamHTTP(
        SOURCE,
        settings,
        transport=transport,
        decode_error=decode_error,
        # Documented as required on every call, GET included (reference: Headers).
        headers={"Content-Type": JSON_API, "Accept": JSON_API},
    )
    if settings.token is not None:
        http.auth = StaticBearer(settings.token.get_secret_value())
    else:
        sharing = None
        if store is not None:
            sharing = TokenSharing.for_account(store, SOURCE, settings, settings.email or "")
        http.auth = _password_grant(http, settings, sharing)
    return LimbobeatClient(http, settings)
