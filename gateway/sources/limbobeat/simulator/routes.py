"""limbo/Beat's reads: send tasks with their filters and pages, related resources, products, DSPs.

Part of the simulator (reference: shared/upstreams/send-tasks.md).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.sandbox.wire import int_params
from gateway.sources.limbobeat.simulator.linkage import rendered, requested
from gateway.sources.limbobeat.simulator.responses import bad_parameter, document, error_document
from gateway.sources.limbobeat.simulator.state import API, RELATED, SendTask, Store

TASK_FILTERS = (
    "id",
    "product-id",
    "status",
    "delivery-type",
    "dsp-upload-identification-id",
    "created-at-gte",
    "created-at-lte",
)
DEFAULT_PAGE_SIZE = 20
# Undocumented cap; 200 like Labelcamp's analogue (reference: ASSUMPTION).
MAX_PAGE_SIZE = 200

Handler = Callable[[Request], Awaitable[Response]]


def read_filters(request: Request, allowed: Sequence[str]) -> dict[str, list[str]] | Response:
    """Both `filter[id]=1,2` and `filter[id][]=1&filter[id][]=2` (reference: batch lookup)."""
    filters: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        if not key.startswith("filter["):
            continue
        name = key[len("filter[") :].removesuffix("[]").rstrip("]")
        if name not in allowed:
            return bad_parameter(f"Filter parameter {name} is not allowed.", f"filter.{name}")
        filters.setdefault(name, []).extend(v for v in value.split(",") if v)
    return filters


def paged(
    request: Request,
    items: Sequence[Any],
    path: str,
    render: Callable[[Sequence[Any]], tuple[list[Any], dict[str, Any]]] | None = None,
) -> Response:
    """One page of a collection with Laravel's `meta.page` and `links` (reference: pagination).

    `render` turns the page's items into resources and extra top-level members (`included`).
    """
    params = int_params(request, {"page[number]": 1, "page[size]": DEFAULT_PAGE_SIZE})
    if params is None:
        return bad_parameter("Page parameters must be integers.", "page")
    number, size = params["page[number]"], params["page[size]"]
    if not 1 <= size <= MAX_PAGE_SIZE:
        return bad_parameter(f"The page size must be between 1 and {MAX_PAGE_SIZE}.", "page.size")
    if number < 1:
        return bad_parameter("The page number must be at least 1.", "page.number")
    start = (number - 1) * size
    page = items[start : start + size]
    last = max(1, -(-len(items) // size))

    def link(n: int) -> str:
        return f"{API}/{path}?page[number]={n}&page[size]={size}"

    links = {"first": link(1), "last": link(last)}
    if number > 1:
        links["prev"] = link(number - 1)
    if number < last:
        links["next"] = link(number + 1)
    meta = {
        "currentPage": number,
        "from": start + 1 if page else None,
        "lastPage": last,
        "perPage": size,
        "to": start + len(page) if page else None,
        "total": len(items),
    }
    data, extra = render(page) if render else ([i.resource() for i in page], {})
    return document({"meta": {"page": meta}, "links": links, "data": data, **extra})


def matches(task: SendTask, filters: dict[str, list[str]]) -> bool:
    values = {
        "id": task.id,
        "product-id": task.product_id,
        "status": task.status,
        "delivery-type": task.delivery_type,
        "dsp-upload-identification-id": task.dsp_id,
    }
    day = task.created_at.date().isoformat()
    for name, wanted in filters.items():
        if name == "created-at-gte" and wanted and day < wanted[0]:
            return False
        if name == "created-at-lte" and wanted and day > wanted[0]:
            return False
        if name in values and values[name] not in wanted:
            return False
    return True


class Reads:
    """The GET endpoints over one `Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def list_send_tasks(self, request: Request) -> Response:
        filters = read_filters(request, TASK_FILTERS)
        if isinstance(filters, Response):
            return filters
        includes = requested(request, self.store.linkage)
        if isinstance(includes, Response):
            return includes
        tasks = [t for t in self.store.all_tasks() if matches(t, filters)]
        return paged(request, tasks, "send-tasks", lambda p: rendered(self.store, p, includes))

    async def get_send_task(self, request: Request) -> Response:
        includes = requested(request, self.store.linkage)
        if isinstance(includes, Response):
            return includes
        task = self.store.task(request.path_params["task_id"])
        if task is None:
            return error_document(404, "Not Found")
        (resource,), extra = rendered(self.store, [task], includes)
        links = {"self": f"{API}/send-tasks/{task.id}"}
        return document({"links": links, "data": resource, **extra})

    async def related(self, request: Request) -> Response:
        """`/send-tasks/{id}/<name>` (the resource) and `/relationships/<name>` (its identifier)."""
        task = self.store.task(request.path_params["task_id"])
        if task is None:
            return error_document(404, "Not Found")
        name = request.path_params["name"]
        if name not in RELATED:
            return error_document(404, "Not Found")
        target = (
            self.store.products[task.product_id]
            if name == "product"
            else self.store.dsps[task.dsp_id]
        )
        resource = target.resource()
        if "/relationships/" in request.url.path:
            return document({"data": {"type": resource["type"], "id": resource["id"]}})
        return document({"data": resource})

    def collection(self, kind: str) -> Handler:
        """Products or DSP upload identifications, by id filter, in pages."""

        async def run(request: Request) -> Response:
            filters = read_filters(request, ("id",))
            if isinstance(filters, Response):
                return filters
            items = getattr(self.store, kind)
            ids = filters.get("id")
            chosen = [items[k] for k in sorted(items, key=int) if ids is None or k in ids]
            path = "products" if kind == "products" else "dsp-upload-identifications"
            return paged(request, chosen, path)

        return run

    def single(self, kind: str) -> Handler:
        async def run(request: Request) -> Response:
            item = getattr(self.store, kind).get(request.path_params["item_id"])
            if item is None:
                return error_document(404, "Not Found")
            return document({"data": item.resource()})

        return run
