"""The limbo/Beat distribution API client: send tasks, read through JSON:API."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TypeVar

import httpx
from pydantic import BaseModel

from gateway.caching.entities import EntityKind, ModelCodec, entity_cache
from gateway.errors import GatewayError, NotFound, UpstreamRejected, UpstreamUnauthenticated
from gateway.http import (
    StaticBearer,
    Token,
    TokenAuth,
    TokenSharing,
    UpstreamHTTP,
    bearer,
)
from gateway.http.paths import path_segment
from gateway.http.routes import route
from gateway.sources.limbobeat.errors import decode_error
from gateway.sources.limbobeat.inputs import NewSendTask, SendTaskChanges, SendTaskFilter
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
from gateway.sources.limbobeat.relationships import Linkage, RelatedKey, attach_included
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.state import StateStore

# The request documents live in inputs.py; resolvers import them from here as before.
__all__ = ["LimbobeatClient", "NewSendTask", "SendTaskChanges", "SendTaskFilter", "open_client"]

SOURCE = "limbobeat"
API = "/api/v1"
# Route templates (gateway.http.routes): traces name the route, not the send task's id.
SEND_TASK = API + "/send-tasks/{task_id}"
RELATIONSHIP = SEND_TASK + "/relationships/{relationship}"
JSON_API = "application/vnd.api+json"

PageT = TypeVar("PageT", bound=BaseModel)
TasksT = TypeVar("TasksT", SendTaskPagePayload, SendTaskDocumentPayload)


class LimbobeatClient:
    """Typed calls to `/api/v1`; returns payload models, never GraphQL types."""

    def __init__(
        self, http: UpstreamHTTP, settings: LimbobeatSettings, store: StateStore | None = None
    ) -> None:
        self.http = http
        self.settings = settings
        self.entities = entity_cache(store)
        self.linkage = Linkage(
            self.entities, settings.relationship_cache_ttl_s, settings.include_support_ttl_s
        )
        # The gateway never writes products or DSP configurations: only their TTLs retire them.
        self.products: EntityKind[ProductPayload] = EntityKind(
            "limbobeat.product",
            SOURCE,
            ModelCodec(ProductPayload),
            settings.product_cache_ttl_s,
            follows_writes=False,
        )
        self.dsps: EntityKind[DspUploadIdentificationPayload] = EntityKind(
            "limbobeat.dsp_upload_identification",
            SOURCE,
            ModelCodec(DspUploadIdentificationPayload),
            settings.dsp_cache_ttl_s,
            follows_writes=False,
        )

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
        return await self._read_tasks(f"{API}/send-tasks", params, SendTaskPagePayload)

    async def get_send_tasks(self, ids: Sequence[str]) -> list[SendTaskPayload]:
        """Batch lookup through `filter[id]`; unknown ids are simply absent from the answer."""
        pages = await asyncio.gather(
            *(
                self._read_tasks(
                    f"{API}/send-tasks", _by_id(chunk), SendTaskPagePayload, len(chunk)
                )
                for chunk in self._chunks(ids)
            )
        )
        return [task for page in pages for task in page.data]

    async def get_products(self, ids: Sequence[str]) -> list[ProductPayload]:
        """Kept products first (`PRODUCT_CACHE_TTL_S`), the others in `filter[id]` batches."""

        async def fetch(missing: Sequence[str]) -> dict[str, ProductPayload]:
            pages = await self._by_ids("products", ProductPagePayload, missing)
            return {product.id: product for page in pages for product in page.data}

        found = await self.entities.through(self.products, ids, fetch)
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    async def get_dsp_upload_identifications(
        self, ids: Sequence[str]
    ) -> list[DspUploadIdentificationPayload]:
        """Kept ones first (`DSP_CACHE_TTL_S`), the others in `filter[id]` batches."""

        async def fetch(missing: Sequence[str]) -> dict[str, DspUploadIdentificationPayload]:
            pages = await self._by_ids(
                "dsp-upload-identifications", DspUploadIdentificationPagePayload, missing
            )
            return {dsp.id: dsp for page in pages for dsp in page.data}

        found = await self.entities.through(self.dsps, ids, fetch)
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def _chunks(self, ids: Sequence[str]) -> list[Sequence[str]]:
        cap = self.settings.page_size_cap
        return [ids[i : i + cap] for i in range(0, len(ids), cap)]

    async def _by_ids(self, collection: str, model: type[PageT], ids: Sequence[str]) -> list[PageT]:
        """One `filter[id][]` request per page-size cap of ids, sent together."""

        async def one(chunk: Sequence[str]) -> PageT:
            response = await self.http.request(
                "GET", f"{API}/{collection}", params=_by_id(chunk), batch_size=len(chunk)
            )
            return self.http.parse_response(model, response)

        return list(await asyncio.gather(*(one(chunk) for chunk in self._chunks(ids))))

    async def get_send_task(self, task_id: str) -> SendTaskPayload:
        path = route(SEND_TASK, task_id=_segment(task_id))
        return (await self._read_tasks(path, [], SendTaskDocumentPayload)).data

    async def _read_tasks(
        self,
        path: str,
        params: list[tuple[str, str]],
        model: type[TasksT],
        batch_size: int | None = None,
    ) -> TasksT:
        """A send-task read, asking for a compound document while the upstream may honour it;
        an answer to a read that asked tells whether it does."""
        include = self.linkage.include_params()
        try:
            response = await self.http.request(
                "GET", path, params=params + include, batch_size=batch_size
            )
        except UpstreamRejected as exc:
            if not include or not self.linkage.refused(exc):
                raise
            include = []
            response = await self.http.request("GET", path, params=params, batch_size=batch_size)
        document = self.http.parse_response(model, response)
        tasks = document.data if isinstance(document.data, list) else [document.data]
        self.linkage.learn(tasks, document.included, asked=bool(include))
        attach_included(self.http, tasks, document.included)
        return document

    async def get_related_ids(
        self, keys: Sequence[RelatedKey]
    ) -> dict[RelatedKey, str | GatewayError | None]:
        """Ids from the cache, else one relationship call each; a failure is only its key's."""
        found: dict[RelatedKey, str | GatewayError | None] = dict(await self.linkage.cached(keys))
        missing = [key for key in keys if key not in found]
        fetched = await asyncio.gather(*(self._related_or_error(*key) for key in missing))
        new = dict(zip(missing, fetched, strict=True))
        await self.linkage.remember({k: v for k, v in new.items() if isinstance(v, str)})
        return found | new

    async def _related_or_error(self, task_id: str, name: str) -> str | GatewayError | None:
        try:
            return await self.get_related_id(task_id, name)
        except NotFound:
            return None
        except GatewayError as exc:
            return exc

    async def get_related_id(self, task_id: str, relationship: str) -> str | None:
        """The relationship endpoint: the fallback when a read carried links but no `data`."""
        response = await self.http.request(
            "GET", route(RELATIONSHIP, task_id=_segment(task_id), relationship=relationship)
        )
        document = self.http.parse_response(RelationshipDocumentPayload, response)
        return document.data.id if document.data else None

    async def create_send_task(self, new: NewSendTask) -> SendTaskPayload:
        """Never retried: the HTTP layer repeats only idempotent methods."""
        response = await self.http.request("POST", f"{API}/send-tasks", json=new.document())
        task = self.http.parse_response(SendTaskDocumentPayload, response).data
        # Its relationships are what was sent, and never change: no call will ask for them.
        sent = {
            (task.id, "product"): new.product_id,
            (task.id, "dsp-upload-identification"): new.dsp_upload_identification_id,
        }
        await self.linkage.remember(sent)
        return task

    async def update_send_task(self, task_id: str, changes: SendTaskChanges) -> SendTaskPayload:
        response = await self.http.request(
            "PATCH", route(SEND_TASK, task_id=_segment(task_id)), json=changes.document(task_id)
        )
        return self.http.parse_response(SendTaskDocumentPayload, response).data


def _by_id(chunk: Sequence[str]) -> list[tuple[str, str]]:
    params = [("filter[id][]", i) for i in chunk]
    return [*params, ("page[number]", "1"), ("page[size]", str(len(chunk)))]


def _segment(task_id: str) -> str:
    return path_segment(task_id, "id", SOURCE)


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
    return LimbobeatClient(http, settings, store)
