"""The client tolerates both readings the reference allows (MockTransport, no sandbox)."""

from __future__ import annotations

import json

import httpx

from gateway.sources.xandr.client import open_client
from gateway.sources.xandr.settings import XandrSettings

SETTINGS = XandrSettings(base_url="http://xandr.test", username="u", password="p")


def answer(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/auth":
        return httpx.Response(200, json={"response": {"status": "OK", "token": "t"}})
    assert request.headers["authorization"] == "t"
    # Singular key, a dict, ids and counts as strings: all documented as possible.
    record = {"id": "3901", "name": "x", "inventory_list_type": "whitelist", "num_apps": "2",
              "created_on": "2026-11-01 09:00:00", "brand_new_field": True}  # fmt: skip
    body = {"status": "OK", "count": "1", "inventory-list": record}
    return httpx.Response(200, content=json.dumps({"response": body}))


async def test_singular_keys_string_ids_and_unknown_fields_are_accepted() -> None:
    client = open_client(SETTINGS, httpx.MockTransport(answer))
    try:
        (found,) = await client.get_inventory_lists([3901, 3902])
    finally:
        await client.aclose()
    assert (found.id, found.num_apps, found.inventory_list_type) == (3901, 2, "whitelist")
    assert found.created_on is not None and found.created_on.utcoffset() is not None
