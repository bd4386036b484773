"""Per-caller token buckets: requests and cost units, 429 with Retry-After, no upstream call."""

from __future__ import annotations

from typing import Any

import httpx

from gateway.limits.rate_settings import RateLimit, RateLimitSettings
from tests.conftest import Gateway, MakeGateway, as_user, sandbox_settings
from tests.web.helpers import GRAPHQL_RESPONSE, upstream_requests

SLOW = {"requests_per_s": 0.01, "cost_per_s": 0.01}
LISTS = "{ inventoryLists(first: 3) { totalCount } }"
CHEAP = "{ __typename }"


def limited(**fields: Any) -> RateLimitSettings:
    return RateLimitSettings(enabled=True, **(SLOW | fields))


def refused(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 429, response.text
    assert int(response.headers["retry-after"]) >= 1
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == int(response.headers["retry-after"])
    return dict(error["extensions"])


async def test_requests_over_the_burst_get_429_and_make_no_call(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(rate_limits=limited(request_burst=2)))
    answered = [await gw.http.post("/graphql", json={"query": LISTS}) for _ in range(2)]
    before = await upstream_requests(gw)

    third = await gw.http.post("/graphql", json={"query": LISTS})

    assert [r.status_code for r in answered] == [200, 200]
    assert refused(third)["limit"]["name"] == "requests"
    assert await upstream_requests(gw) == before


async def test_cost_units_are_counted_apart_from_requests(make_gateway: MakeGateway) -> None:
    settings = sandbox_settings(rate_limits=limited(request_burst=50, cost_burst=3))
    gw: Gateway = await make_gateway(settings)
    # Each read of three lists is one window: one cost unit.
    spent = [await gw.http.post("/graphql", json={"query": LISTS}) for _ in range(3)]
    before = await upstream_requests(gw)

    over = await gw.http.post(
        "/graphql", json={"query": LISTS}, headers={"accept": GRAPHQL_RESPONSE}
    )
    free = await gw.http.post("/graphql", json={"query": CHEAP})

    assert [r.status_code for r in spent] == [200, 200, 200]
    assert refused(over)["limit"]["name"] == "cost"
    assert await upstream_requests(gw) == before
    # An operation that costs nothing still runs: only its request was counted.
    assert free.status_code == 200


async def test_callers_have_buckets_of_their_own(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(rate_limits=limited(request_burst=1)))

    ada = [
        await gw.http.post("/graphql", json={"query": CHEAP}, headers=as_user("ada"))
        for _ in range(2)
    ]
    bob = await gw.http.post("/graphql", json={"query": CHEAP}, headers=as_user("bob"))

    assert ada[0].status_code == 200
    refused(ada[1])
    assert bob.status_code == 200


async def test_a_key_or_a_scope_can_have_other_limits(make_gateway: MakeGateway) -> None:
    roomy = RateLimit(requests_per_s=100, request_burst=100, cost_per_s=100, cost_burst=1000)
    settings = limited(
        request_burst=1,
        by_key={"jwt:ada": roomy},
        by_scope={"work:write": roomy},
    )
    gw: Gateway = await make_gateway(sandbox_settings(rate_limits=settings))
    reader = as_user("carol", "work:read")
    writer = as_user("dave", "work:read", "work:write")

    ada = [
        await gw.http.post("/graphql", json={"query": CHEAP}, headers=as_user("ada", "work:read"))
        for _ in range(3)
    ]
    carol = [
        await gw.http.post("/graphql", json={"query": CHEAP}, headers=reader) for _ in range(2)
    ]
    dave = [await gw.http.post("/graphql", json={"query": CHEAP}, headers=writer) for _ in range(3)]

    assert [r.status_code for r in ada] == [200, 200, 200]
    assert [r.status_code for r in carol] == [200, 429]
    assert [r.status_code for r in dave] == [200, 200, 200]


async def test_each_operation_of_a_batch_counts(make_gateway: MakeGateway) -> None:
    settings = sandbox_settings(rate_limits=limited(request_burst=3), max_batch_operations=5)
    gw: Gateway = await make_gateway(settings)

    four = await gw.http.post("/graphql", json=[{"query": CHEAP}] * 4)

    refused(four)


async def test_limits_are_off_outside_production_unless_asked(gateway: Gateway) -> None:
    answers = [await gateway.http.post("/graphql", json={"query": CHEAP}) for _ in range(120)]

    assert {r.status_code for r in answers} == {200}
