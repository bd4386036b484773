"""The operations the load benchmark sends, and the variables that make each request different.

Every request of an operation carries variables drawn from a pool (200 ids, 20 pages...), so an
answer cannot simply be repeated, unless a cache is the thing being measured. Page cursors are
read from the gateway under test (walking `pageInfo.endCursor`), so any commit's cursor format
works.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

FLOOR = "{ __typename }"

INVENTORY_LIST = """
query InventoryListById($id: ID!) {
  inventoryList(id: $id) {
    id name description type advertiserId uiId numDomains numApps createdOn lastModified
  }
}"""

SEND_TASKS = """
query SendTasksWithProducts($after: String) {
  sendTasks(first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id status deliveryType sendDate
      product { id name upcCode status releaseDate }
      dspUploadIdentification { id dspName }
    } }
  }
}"""

DASHBOARD = """
query Dashboard($after: String) {
  tasks(first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    sources { source ok errorCode fetched truncated }
    edges { node { __typename id title state source dueAt
      ... on WorkItem { resource { __typename ... on InventoryList { name } } } } }
  }
  taskSummary { total byState { state count } bySource { source total } }
}"""

MUTATION = """
mutation UpdateSendTask($id: ID!, $deliverable: Boolean!) {
  updateSendTask(id: $id, input: {deliverable: $deliverable}) {
    sendTask { id deliverable status }
    userErrors { field message code }
  }
}"""

Body = dict[str, Any]


@dataclass(frozen=True)
class Operation:
    """One row of the table: a document and how to make its pool of request bodies."""

    name: str
    title: str
    query: str
    # Builds the bodies from the sandbox size and a client of the gateway under test.
    bodies: Callable[[int, httpx.Client], list[Body]]
    variants: str = field(default="")


def _one(query: str) -> Callable[[int, httpx.Client], list[Body]]:
    return lambda size, http: [{"query": query}]


def _by_list_id(size: int, http: httpx.Client) -> list[Body]:
    ids = [3900 + i for i in range(min(200, size))]
    return [{"query": INVENTORY_LIST, "variables": {"id": str(i)}} for i in ids]


def _pages(
    query: str, connection: str, pages: int = 20
) -> Callable[[int, httpx.Client], list[Body]]:
    def build(size: int, http: httpx.Client) -> list[Body]:
        after: str | None = None
        bodies: list[Body] = []
        for _ in range(pages):
            body = {"query": query, "variables": {"after": after}}
            bodies.append(body)
            answer = post(http, body)
            info = answer["data"][connection]["pageInfo"]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        return bodies

    return build


def _updates(size: int, http: httpx.Client) -> list[Body]:
    ids = [str(5000 + i) for i in range(min(200, size))]
    return [
        {"query": MUTATION, "variables": {"id": task_id, "deliverable": flag}}
        for task_id in ids
        for flag in (True, False)
    ]


OPERATIONS = {
    op.name: op
    for op in (
        Operation("floor", "`{ __typename }` (the floor)", FLOOR, _one(FLOOR), "1"),
        Operation(
            "inventory_list", "one inventory list by id", INVENTORY_LIST, _by_list_id, "200 ids"
        ),
        Operation(
            "send_tasks",
            "50 send tasks + product + DSP",
            SEND_TASKS,
            _pages(SEND_TASKS, "sendTasks"),
            "20 pages",
        ),
        Operation(
            "dashboard",
            "dashboard: tasks(first: 50) + taskSummary",
            DASHBOARD,
            _pages(DASHBOARD, "tasks"),
            "20 pages",
        ),
        Operation("mutation", "updateSendTask", MUTATION, _updates, "200 ids x 2"),
    )
}


class WrongAnswer(Exception):
    """The gateway under test answered an operation with errors: its figures would mean nothing."""


def post(http: httpx.Client, body: Body) -> dict[str, Any]:
    response = http.post("/graphql", json=body)
    answer: dict[str, Any] = response.json()
    if response.status_code != 200 or answer.get("errors") or answer.get("data") is None:
        raise WrongAnswer(json.dumps(answer)[:600])
    return answer


def check(http: httpx.Client, bodies: list[Body], samples: int = 3) -> None:
    """A few bodies of the pool, answered without errors, before any load is measured."""
    for body in random.sample(bodies, min(samples, len(bodies))):
        post(http, body)
