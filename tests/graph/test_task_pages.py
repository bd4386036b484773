"""Walking `tasks` page by page yields every task exactly once, in order, whatever the data."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gateway.app import create_app
from tests.conftest import sandbox_settings

PAGE = """
query($first: Int!, $after: String, $order: TaskOrderInput!) {
  tasks(first: $first, after: $after, orderBy: $order,
        filter: {states: [OPEN, IN_PROGRESS, BLOCKED, DONE, FAILED, CANCELLED]}) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id } }
  }
}
"""


async def walk(
    seed: int, size: int, first: int, order: dict[str, str]
) -> tuple[list[str], list[str], int]:
    """All ids page by page, and the same query's ids in one page, from one sandbox world."""
    base = sandbox_settings(size=size)
    app = create_app(
        base.model_copy(update={"sandbox": base.sandbox.model_copy(update={"seed": seed})})
    )
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway.test"
        ) as http,
    ):
        # Each page reads every source again; a walk one task at a time would otherwise meet
        # Interchange's 100 calls/min (and then, rightly, get pages without its tasks).
        limits = {"rateLimitPerMinute": 100_000}
        assert (await http.put("/sandbox/interchange/_sandbox/mode", json=limits)).is_success

        async def page(count: int, after: str | None) -> dict[str, Any]:
            variables = {"first": count, "after": after, "order": order}
            response = await http.post("/graphql", json={"query": PAGE, "variables": variables})
            body = response.json()
            assert "errors" not in body, body["errors"]
            tasks: dict[str, Any] = body["data"]["tasks"]
            return tasks

        whole = await page(200, None)
        walked: list[str] = []
        after = None
        while True:
            current = await page(first, after)
            walked += [e["node"]["id"] for e in current["edges"]]
            if not current["pageInfo"]["hasNextPage"]:
                break
            after = current["pageInfo"]["endCursor"]
        return walked, [e["node"]["id"] for e in whole["edges"]], whole["totalCount"]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=10_000),
    size=st.integers(min_value=3, max_value=40),
    first=st.integers(min_value=1, max_value=60),
    order=st.fixed_dictionaries(
        {
            "field": st.sampled_from(["DUE_AT", "UPDATED_AT"]),
            "direction": st.sampled_from(["ASC", "DESC"]),
        }
    ),
)
def test_pages_never_skip_or_repeat_a_task(
    seed: int, size: int, first: int, order: dict[str, str]
) -> None:
    walked, whole, total = asyncio.run(walk(seed, size, first, order))

    assert len(walked) == len(set(walked))
    assert walked == whole[: len(walked)]
    assert len(walked) == total
