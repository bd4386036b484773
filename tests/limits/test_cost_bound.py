"""The static cost estimate bounds the upstream calls actually made, for generated queries.

Queries are drawn from the graph's costly shapes (lists, links, per-item details, the
cross-source queue, node lookups), with random sizes, aliases and sub-selections, and run on
the sandbox; each answer's `extensions.cost` holds the estimate and the calls the request made.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import gid, sandbox_settings
from tests.limits.harness import Harness

FIRST = st.integers(min_value=1, max_value=25)


def some(*parts: str) -> st.SearchStrategy[str]:
    """A non-empty subset of selections, joined."""
    return st.lists(st.sampled_from(parts), min_size=1, max_size=len(parts), unique=True).map(
        " ".join
    )


SEND_TASK = some("upstreamId", "product { name }", "dspUploadIdentification { dspName }")
LIST = st.one_of(
    st.just("name"),
    FIRST.map(lambda n: f"name items(first: {n}) {{ totalCount edges {{ node {{ url }} }} }}"),
)
WORK_ITEM = some(
    "id",
    "payload",
    "result",
    "events { id workItem { id } }",
    "resource { ... on InventoryList { name } ... on SendTask { product { name } } }",
)
WORK_INSTANCE = some("name", "detail { subject }", "tasks { name }")
CATALOG_ITEM = some("upstreamId", "tasks { product catalogItem { tasks { version } } }")


def task(parts: tuple[str, str, str, str]) -> str:
    item, instance, send_task, catalog_item = parts
    return (
        f"id ... on WorkItem {{ {item} }} ... on WorkInstance {{ {instance} }}"
        f" ... on SendTask {{ {send_task} }}"
        f" ... on CatalogTask {{ catalogItem {{ {catalog_item} }} }}"
    )


TASK = st.tuples(WORK_ITEM, WORK_INSTANCE, SEND_TASK, CATALOG_ITEM).map(task)
SEND_TASK_IDS = st.lists(st.integers(5001, 5060), min_size=1, max_size=12)
ASSETS = st.lists(st.integers(1, 12), min_size=1, max_size=6)
STATES = st.lists(
    st.sampled_from(["OPEN", "IN_PROGRESS", "BLOCKED", "DONE", "FAILED"]),
    min_size=1,
    max_size=5,
    unique=True,
).map(", ".join)


def send_task_nodes(ids: list[int], selection: str) -> str:
    listed = ", ".join(f'"{gid("SendTask", str(i))}"' for i in ids)
    return f"nodes(ids: [{listed}]) {{ id ... on SendTask {{ {selection} }} }}"


def assets(numbers: list[int]) -> str:
    return ", ".join(f'"asset-{i:04d}"' for i in numbers)


ROOTS = st.one_of(
    st.builds(
        lambda n, s: f"sendTasks(first: {n}) {{ edges {{ node {{ {s} }} }} }}", FIRST, SEND_TASK
    ),
    st.builds(
        lambda n, s: f"inventoryLists(first: {n}) {{ edges {{ node {{ {s} }} }} }}", FIRST, LIST
    ),
    st.builds(lambda n, s: f"workItems(first: {n}) {{ items {{ {s} }} }}", FIRST, WORK_ITEM),
    st.builds(
        lambda n, s: f"workInstances(type: OPEN, first: {n}) {{ edges {{ node {{ {s} }} }} }}",
        FIRST,
        WORK_INSTANCE,
    ),
    st.builds(
        lambda a, s: f"catalogItems(upstreamIds: [{assets(a)}]) {{ {s} }}", ASSETS, CATALOG_ITEM
    ),
    st.builds(
        lambda n, states, s: (
            f"tasks(first: {n}, filter: {{states: [{states}]}}) {{ edges {{ node {{ {s} }} }} }}"
        ),
        FIRST,
        STATES,
        TASK,
    ),
    st.builds(
        lambda states: f"taskSummary(filter: {{states: [{states}]}}) {{ totalCount }}", STATES
    ),
    st.builds(send_task_nodes, SEND_TASK_IDS, SEND_TASK),
)
QUERIES = st.lists(ROOTS, min_size=1, max_size=3).map(
    lambda roots: "{ " + " ".join(f"r{i}: {root}" for i, root in enumerate(roots)) + " }"
)


@pytest.fixture(scope="module")
def harness() -> Iterator[Harness]:
    running = Harness(sandbox_settings(max_cost=100_000))
    yield running
    running.close()


@settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES)
def test_the_estimate_bounds_the_calls_made(harness: Harness, query: str) -> None:
    response = harness.post(query)
    assert response.status_code == 200, response.text
    body = response.json()

    assert "errors" not in body or all(
        e["extensions"]["code"] not in ("GRAPHQL_VALIDATION_FAILED", "INTERNAL_SERVER_ERROR")
        for e in body["errors"]
    ), body["errors"]
    cost = body["extensions"]["cost"]
    assert cost["calls"] <= cost["estimated"], (query, cost)
