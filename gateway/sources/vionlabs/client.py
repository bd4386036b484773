"""The Vionlabs Tasks API client: tasks per catalog item, product and version."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import httpx

from gateway.caching.entities import AdapterCodec, EntityKind, entity_cache
from gateway.errors import NotFound, wrong_base_url
from gateway.http import UpstreamHTTP
from gateway.http.paths import path_segment
from gateway.http.routes import RoutePath, route
from gateway.http.transport import upstream_transport
from gateway.sources.vionlabs.errors import ApiNotFound, decode_error
from gateway.sources.vionlabs.payloads import (
    LinkPayload,
    ListedTaskPayload,
    TaskStatePayload,
    TaskStatusPayload,
)
from gateway.sources.vionlabs.settings import VionlabsSettings
from gateway.state import StateStore

SOURCE = "vionlabs"
KEY_HEADER = "X-API-Key"
KEY_PARAM = "key"
PRIORITIES = ("high", "medium", "low")
# An inventory id no catalog has, for a readiness probe with no default item configured.
PROBE_ITEM_ID = "gateway-readiness-probe"


@dataclass(frozen=True)
class TaskRef:
    """What names a task upstream: the item's inventory id, the product and its version."""

    catalog_item_id: str
    product: str
    version: str


@dataclass(frozen=True)
class CatalogTaskRecord:
    """One task as either wire shape gives it; `links` is None when read from the item list."""

    ref: TaskRef
    status: str
    error: str | None
    links: dict[str, LinkPayload] | None

    @classmethod
    def listed(cls, catalog_item_id: str, payload: ListedTaskPayload) -> CatalogTaskRecord:
        ref = TaskRef(catalog_item_id, payload.product, payload.version)
        return cls.of(ref, payload.task_status)

    @classmethod
    def of(cls, ref: TaskRef, payload: TaskStatePayload) -> CatalogTaskRecord:
        links = None
        if isinstance(payload, TaskStatusPayload):
            links = {
                name: link.model_copy(update={"href": without_key(link.href)})
                for name, link in payload.links.items()
            }
        return cls(ref, payload.status, payload.error, links)


def without_key(href: str) -> str:
    """A link as the upstream gave it, minus any `key=` it echoed back (never shown to callers)."""
    url = httpx.URL(href)
    return str(url.copy_remove_param(KEY_PARAM)) if KEY_PARAM in url.params else href


def segment(value: str, argument: str) -> str:
    """One percent-encoded path segment; versions carry dots, so `.` and `..` are refused."""
    return path_segment(value, argument, SOURCE)


# Route templates (gateway.http.routes): traces name the route, not the catalog's ids.
ITEM_TASKS = "/tasks/catalog-item/{item}"
TASK = ITEM_TASKS + "/product/{product}/version/{version}"


def item_tasks_path(catalog_item_id: str, argument: str = "catalogItemUpstreamId") -> RoutePath:
    return route(ITEM_TASKS, item=segment(catalog_item_id, argument))


def task_path(ref: TaskRef) -> RoutePath:
    return route(
        TASK,
        item=segment(ref.catalog_item_id, "catalogItemUpstreamId"),
        product=segment(ref.product, "product"),
        version=segment(ref.version, "version"),
    )


class VionlabsClient:
    """Typed calls to `/tasks/…`; returns payload models and records, never GraphQL types."""

    def __init__(
        self, http: UpstreamHTTP, settings: VionlabsSettings, store: StateStore | None = None
    ) -> None:
        self.http = http
        self.settings = settings
        self.entities = entity_cache(store)
        self.item_tasks: EntityKind[list[ListedTaskPayload]] = EntityKind(
            "vionlabs.item_tasks",
            SOURCE,
            AdapterCodec(list[ListedTaskPayload]),
            settings.item_tasks_cache_ttl_s,
        )

    async def aclose(self) -> None:
        await self.http.aclose()

    async def _call(self, method: str, path: str, json: Any = None) -> TaskStatusPayload:
        response = await self.http.request(method, path, json=json)
        return self.http.parse_response(TaskStatusPayload, response)

    async def probe(self) -> None:
        """Readiness: the tasks of the first default catalog item, or of one no catalog has.

        The key is checked before the item is looked up, so a 404 still proves it accepted.
        """
        item = next(iter(self.settings.default_catalog_item_ids), PROBE_ITEM_ID)
        try:
            await self.http.request("GET", item_tasks_path(item, "catalogItemId"))
        except ApiNotFound:
            return
        except NotFound:
            raise wrong_base_url(SOURCE) from None

    async def list_item_tasks(self, catalog_item_id: str) -> list[ListedTaskPayload]:
        """Endpoint 4; raises NotFound for an item the catalog does not have.

        Kept for `ITEM_TASKS_CACHE_TTL_S`, retired by the gateway's own writes to Vionlabs.
        """

        async def fetch(ids: Sequence[str]) -> dict[str, list[ListedTaskPayload]]:
            response = await self.http.request("GET", item_tasks_path(catalog_item_id))
            listed: list[ListedTaskPayload] = self.http.parse_response_as(
                list[ListedTaskPayload], response
            )
            return {catalog_item_id: listed}

        found = await self.entities.through(self.item_tasks, [catalog_item_id], fetch)
        return found[catalog_item_id]

    async def get_task(self, ref: TaskRef) -> TaskStatusPayload:
        return await self._call("GET", task_path(ref))

    async def create_task(self, ref: TaskRef, priority: str = "low") -> TaskStatusPayload:
        """Never retried (a POST); an existing unfinished task is answered as is (reference)."""
        body = {"priority": priority}
        return await self._call("POST", task_path(ref), body)

    async def deactivate_task(self, ref: TaskRef) -> TaskStatusPayload:
        # DELETE answers with the deactivated task, not 204 (reference: Quirks).
        return await self._call("DELETE", task_path(ref))


class ApiKeyTransport(httpx.AsyncBaseTransport):
    """Adds the API key below httpx's client, whose INFO log prints each request's full URL.

    The client (and so its log, the call log and any error) only ever sees the keyless request;
    the keyed copy exists only on its way to the wire.
    """

    def __init__(
        self, inner: httpx.AsyncBaseTransport, key: str, where: Literal["header", "query"]
    ) -> None:
        self._inner = inner
        self._key = key
        self._where = where

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        headers = request.headers.copy()
        url = request.url
        if self._where == "query":
            url = url.copy_merge_params({KEY_PARAM: self._key})
        else:
            headers[KEY_HEADER] = self._key
        keyed = httpx.Request(
            request.method,
            url,
            headers=headers,
            stream=request.stream,
            extensions=request.extensions,
        )
        return await self._inner.handle_async_request(keyed)

    async def aclose(self) -> None:
        await self._inner.aclose()


def open_client(
    settings: VionlabsSettings,
    transport: httpx.AsyncBaseTransport | None,
    store: StateStore | None = None,  # static keys; the store holds its entity cache
) -> VionlabsClient:
    inner = transport or upstream_transport(settings)
    key = settings.api_key.get_secret_value() if settings.api_key is not None else ""
    http = UpstreamHTTP(
        SOURCE,
        settings,
        transport=ApiKeyTransport(inner, key, settings.key_transport),
        decode_error=decode_error,
        headers={"Accept": "application/json"},
    )
    return VionlabsClient(http, settings, store)
