"""A send task's product and DSP, as the reference serves relationships (links only) and kinder.

The sandbox defaults to links only with `include=` ignored; `PUT /_sandbox/linkage` switches to
resource linkage (`data`) or to compound documents (`include=` honoured, or refused with a 400).
Costs are read from the call record (`X-Gateway-Debug: calls`).
"""

from __future__ import annotations

import asyncio
from typing import Any

from gateway.config import Settings
from gateway.sources.limbobeat.settings import LimbobeatSettings
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

RELATED = """
query Related($first: Int!) {
  sendTasks(first: $first) {
    edges { node { upstreamId product { upstreamId name } dspUploadIdentification { dspName } } }
  }
}
"""
CREATE = """
mutation Create($input: CreateSendTaskInput!) {
  createSendTask(input: $input) { sendTask { id } userErrors { code } }
}
"""
PRODUCT_OF = "query P($id: ID!) { sendTask(id: $id) { product { upstreamId } } }"


async def linkage(gw: Gateway, **mode: Any) -> None:
    response = await gw.http.put("/sandbox/limbobeat/_sandbox/linkage", json=mode)
    assert response.status_code == 200, response.text


def paths(body: dict[str, Any]) -> list[str]:
    """The limbo/Beat API paths a response's upstream calls went to (token fetches left out)."""
    made = [c["path"] for c in calls(body, "limbobeat") if "/api/v1/" in c["path"]]
    return [p.split("/api/v1")[-1] for p in made]


def nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in body["data"]["sendTasks"]["edges"]]


def complete(found: list[dict[str, Any]]) -> bool:
    return all(n["product"]["name"] and n["dspUploadIdentification"]["dspName"] for n in found)


async def test_links_only_costs_one_call_per_relationship_once_then_one_call(
    gateway: Gateway,
) -> None:
    cold = await gateway.gql(RELATED, {"first": 50})
    warm = await gateway.gql(RELATED, {"first": 50})

    assert "errors" not in cold and "errors" not in warm
    assert nodes(warm) == nodes(cold)
    assert complete(nodes(cold))
    assert sum("/relationships/" in p for p in paths(cold)) == 100
    # Relationship ids are remembered across requests (a task's product and DSP never change),
    # and so are the products and DSPs themselves (their own TTLs, docs/performance.md).
    assert paths(warm) == ["/send-tasks"]


async def test_the_cache_of_related_ids_is_shared_through_redis(
    make_gateway: MakeGateway, redis_url: str
) -> None:
    settings: Settings = sandbox_settings(redis_url=redis_url)
    first: Gateway = await make_gateway(settings)
    await first.gql(RELATED, {"first": 20})
    other: Gateway = await make_gateway(settings)

    body = await other.gql(RELATED, {"first": 20})

    assert not [p for p in paths(body) if "/relationships/" in p]
    assert all(n["product"]["upstreamId"] for n in nodes(body))


async def test_resource_linkage_needs_no_relationship_call(gateway: Gateway) -> None:
    await linkage(gateway, relationship_data=True)

    body = await gateway.gql(RELATED, {"first": 50})

    assert sorted(paths(body)) == ["/dsp-upload-identifications", "/products", "/send-tasks"]
    assert all(n["product"]["name"] for n in nodes(body))


async def test_an_honoured_include_answers_everything_in_one_call(gateway: Gateway) -> None:
    await linkage(gateway, include="honour")

    body = await gateway.gql(RELATED, {"first": 50})

    assert paths(body) == ["/send-tasks"]
    assert complete(nodes(body))


async def test_a_refused_include_is_asked_once_then_never_again(gateway: Gateway) -> None:
    await linkage(gateway, include="reject")

    first = await gateway.gql(RELATED, {"first": 5})
    second = await gateway.gql(RELATED, {"first": 5})

    listed = [c["status"] for c in calls(first, "limbobeat") if c["path"].endswith("/send-tasks")]
    assert listed == [400, 200]
    # The products and DSPs of the first request are kept: only the page is read again.
    assert [c["status"] for c in calls(second, "limbobeat")] == [200]
    assert all(n["product"]["upstreamId"] for n in nodes(second))


async def test_one_failing_relationship_call_nulls_only_its_own_field(gateway: Gateway) -> None:
    # Throttled for longer than the gateway waits: reported rather than retried.
    await gateway.fault(
        "limbobeat",
        status=429,
        retry_after_s=120,
        path_prefix="/api/v1/send-tasks/5003/relationships/product",
    )

    body = await gateway.gql(RELATED, {"first": 10})

    products = {n["upstreamId"]: n["product"] for n in nodes(body)}
    assert products.pop("5003") is None
    assert all(p is not None for p in products.values())
    assert all(n["dspUploadIdentification"] for n in nodes(body))
    (error,) = body["errors"]
    assert error["path"] == ["sendTasks", "edges", 3, "node", "product"]
    assert error["extensions"]["code"] == "UPSTREAM_RATE_LIMITED"
    assert paths(body).count("/products") == 1


async def test_a_created_task_knows_its_product_without_asking(gateway: Gateway) -> None:
    new = {
        "productUpstreamId": "100",
        "dspUploadIdentificationUpstreamId": "1877",
        "deliveryType": "REDELIVERY",
    }
    created = await gateway.gql(CREATE, {"input": new})
    task_id = created["data"]["createSendTask"]["sendTask"]["id"]

    body = await gateway.gql(PRODUCT_OF, {"id": task_id})

    assert body["data"]["sendTask"]["product"] == {"upstreamId": "100"}
    assert not [p for p in paths(body) if "/relationships/" in p]


# What the gateway learnt about `include=` holds this long in the tests below.
INCLUDE_TTL_S = 0.3


async def short_memory(make_gateway: MakeGateway) -> Gateway:
    section = LimbobeatSettings(include_support_ttl_s=INCLUDE_TTL_S)
    gw: Gateway = await make_gateway(sandbox_settings(limbobeat=section))
    return gw


async def test_an_upstream_that_starts_honouring_include_is_noticed_after_its_ttl(
    make_gateway: MakeGateway,
) -> None:
    gw = await short_memory(make_gateway)
    await gw.gql(RELATED, {"first": 5})  # include= asked and ignored: learnt for the TTL
    await linkage(gw, include="honour")

    within = await gw.gql(RELATED, {"first": 10})
    await asyncio.sleep(INCLUDE_TTL_S)
    after = await gw.gql(RELATED, {"first": 20})

    # Within the TTL include= is not asked: the 5 tasks not seen yet cost a call per relationship.
    assert sum("/relationships/" in p for p in paths(within)) == 10
    # After it the next page asks again, and one call answers everything.
    assert paths(after) == ["/send-tasks"]
    assert complete(nodes(after))


async def test_a_refused_include_is_asked_again_once_its_ttl_is_over(
    make_gateway: MakeGateway,
) -> None:
    gw = await short_memory(make_gateway)
    await linkage(gw, include="reject")
    await gw.gql(RELATED, {"first": 5})

    within = await gw.gql(RELATED, {"first": 5})
    await asyncio.sleep(INCLUDE_TTL_S)
    again = await gw.gql(RELATED, {"first": 5})
    await linkage(gw, include="honour")
    await asyncio.sleep(INCLUDE_TTL_S)
    honoured = await gw.gql(RELATED, {"first": 30})

    def listed(body: dict[str, Any]) -> list[int]:
        made = calls(body, "limbobeat")
        return [c["status"] for c in made if c["path"].endswith("/send-tasks")]

    assert listed(within) == [200]
    assert listed(again) == [400, 200]
    assert paths(honoured) == ["/send-tasks"] and complete(nodes(honoured))
