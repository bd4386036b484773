"""Vionlabs' FastAPI error bodies: 422 lists become field problems, string details codes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from gateway.errors import GatewayError, NotFound, UpstreamRejected
from gateway.sources.vionlabs.client import TaskRef, VionlabsClient, open_client
from gateway.sources.vionlabs.settings import VionlabsSettings
from schema.graph.user_errors import user_errors_from
from schema.vionlabs.mutations import FIELD_MAP

REF = TaskRef("asset-0001", "adbreaks", "1.0.1")


def answering(status: int, body: Any) -> VionlabsClient:
    settings = VionlabsSettings.model_validate(
        {"base_url": "http://vionlabs.test", "api_key": "k", "key_transport": "query"}
    )
    return open_client(settings, httpx.MockTransport(lambda _: httpx.Response(status, json=body)))


async def refusal(status: int, body: Any) -> GatewayError:
    client = answering(status, body)
    with pytest.raises(GatewayError) as raised:
        await client.create_task(REF, "low")
    await client.aclose()
    return raised.value


async def test_a_422_body_location_maps_to_the_mutation_input_field() -> None:
    body = {
        "detail": [
            {
                "loc": ["body", "priority"],
                "msg": "Input should be 'high', 'medium' or 'low'",
                "type": "enum",
                "input": "echoed-secret",
                "ctx": {},
            }
        ]
    }

    refused = await refusal(422, body)

    assert isinstance(refused, UpstreamRejected)
    [error] = user_errors_from(refused, FIELD_MAP)
    assert (error.field, error.code) == (["input", "priority"], "ENUM")
    assert "echoed-secret" not in str(refused.extensions())


async def test_a_string_detail_404_is_not_found_with_the_upstream_message() -> None:
    refused = await refusal(404, {"detail": "Catalog item asset-0001 not found"})

    assert isinstance(refused, NotFound)
    assert "asset-0001 not found" in refused.message
