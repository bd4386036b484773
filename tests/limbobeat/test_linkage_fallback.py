"""Reads shaped like the reference's examples (links, no `data`) still find related ids.

The sandbox adds resource linkage; this test strips it on the way back, so the client meets
the seed's shape and must use the relationship endpoint instead.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from gateway.sandbox.app import create_sandbox
from gateway.sources.limbobeat.client import open_client
from gateway.sources.limbobeat.loaders import RelatedIdBySendTaskLoader
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.sources.limbobeat.simulator import DEMO_EMAIL, DEMO_PASSWORD, create_simulator


class LinksOnly(httpx.AsyncBaseTransport):
    """Removes `relationships.*.data` from send-task reads, as the reference's examples show."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.paths: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.paths.append(request.url.path)
        response = await self.inner.handle_async_request(request)
        body = await response.aread()
        if "/relationships/" in request.url.path or not body:
            return httpx.Response(response.status_code, headers=response.headers, content=body)
        document: Any = json.loads(body)
        data = document.get("data") if isinstance(document, dict) else None
        for resource in data if isinstance(data, list) else [data] if data else []:
            for relationship in resource.get("relationships", {}).values():
                relationship.pop("data", None)
        content = json.dumps(document).encode()
        headers = {"content-type": response.headers.get("content-type", "application/json")}
        return httpx.Response(response.status_code, headers=headers, content=content)


async def test_related_ids_come_from_the_relationship_endpoint_without_linkage() -> None:
    sandbox = create_sandbox({"limbobeat": create_simulator}, seed=20261123, size=60)
    transport = LinksOnly(httpx.ASGITransport(sandbox))
    settings = LimbobeatSettings(
        base_url="http://sandbox.internal/limbobeat",
        email=DEMO_EMAIL,
        password=DEMO_PASSWORD,
    )
    client = open_client(settings, transport)
    try:
        tasks = await client.get_send_tasks(["5001", "5002"])
        assert [t.related_id("product") for t in tasks] == [None, None]
        loader = RelatedIdBySendTaskLoader(client)
        found = await loader.load_many([("5001", "product"), ("5002", "product")])
        direct = [await client.get_send_task(i) for i in ("5001", "5002")]
        assert all(found)
        assert found == [
            (await client.http.request("GET", f"/api/v1/send-tasks/{t.id}/product")).json()["data"][
                "id"
            ]
            for t in direct
        ]
        assert sum("/relationships/product" in p for p in transport.paths) == 2
    finally:
        await client.aclose()
