"""The operations the load benchmark sends, and the variables that make each request different.

Every request of an operation carries variables drawn from a pool (200 ids, 20 pages...), so an
answer cannot simply be repeated, unless a cache is the thing being measured. Ids and page
cursors are read from the gateway under test, and an operation has one document per schema
generation (fields and arguments were renamed during issue 17), the first one the gateway
answers without errors being used: so any commit can be measured with the same work.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

Body = dict[str, Any]
Bodies = Callable[[httpx.Client], list[Body]]

FLOOR = "{ __typename }"

LIST_FIELDS = "id name description type advertiserId uiId upstreamId"
INVENTORY_LIST = f"""
query InventoryListById($id: ID!) {{
  inventoryList(id: $id) {{ {LIST_FIELDS} domainCount appCount createdAt updatedAt }}
}}"""
INVENTORY_LIST_BEFORE_17 = f"""
query InventoryListById($id: ID!) {{
  inventoryList(id: $id) {{ {LIST_FIELDS} numDomains numApps createdOn lastModified }}
}}"""

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

_QUEUE = """
  tasks(first: 50, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    sources { source ok errorCode %(fetched)s truncated }
    edges { node { __typename id title state source dueAt
      ... on WorkItem { resource { __typename ... on InventoryList { name } } } } }
  }"""
DASHBOARD = f"""
query Dashboard($after: String) {{
  {_QUEUE % {"fetched": "fetchedCount"}}
  taskSummary {{ totalCount byState {{ state count }} bySource {{ source totalCount }} }}
}}"""
DASHBOARD_BEFORE_17 = f"""
query Dashboard($after: String) {{
  {_QUEUE % {"fetched": "fetched"}}
  taskSummary {{ total byState {{ state count }} bySource {{ source total }} }}
}}"""

_PAYLOAD = "sendTask { id deliverable status } userErrors { field message code }"
MUTATION = f"""
mutation UpdateSendTask($id: ID!, $deliverable: Boolean!) {{
  updateSendTask(input: {{id: $id, deliverable: $deliverable}}) {{ {_PAYLOAD} }}
}}"""
MUTATION_BEFORE_17 = f"""
mutation UpdateSendTask($id: ID!, $deliverable: Boolean!) {{
  updateSendTask(id: $id, input: {{deliverable: $deliverable}}) {{ {_PAYLOAD} }}
}}"""


class WrongAnswer(Exception):
    """The gateway under test answered an operation with errors: its figures would mean nothing."""


def post(http: httpx.Client, body: Body) -> dict[str, Any]:
    response = http.post("/graphql", json=body)
    answer: dict[str, Any] = response.json()
    if response.status_code != 200 or answer.get("errors") or answer.get("data") is None:
        raise WrongAnswer(json.dumps(answer)[:600])
    return answer


def _ids(http: httpx.Client, connection: str, key: str, count: int = 200) -> list[str]:
    """`id` (global) or `upstreamId` of the first `count` nodes of a root connection."""
    query = f"{{ {connection}(first: {count}) {{ edges {{ node {{ id upstreamId }} }} }} }}"
    edges = post(http, {"query": query})["data"][connection]["edges"]
    return [str(edge["node"][key]) for edge in edges]


def _by_id(query: str, connection: str, key: str) -> Bodies:
    return lambda http: [
        {"query": query, "variables": {"id": i}} for i in _ids(http, connection, key)
    ]


def _updates(query: str, key: str) -> Bodies:
    def build(http: httpx.Client) -> list[Body]:
        ids = _ids(http, "sendTasks", key)
        return [
            {"query": query, "variables": {"id": i, "deliverable": flag}}
            for i in ids
            for flag in (True, False)
        ]

    return build


def _pages(query: str, connection: str, pages: int = 20) -> Bodies:
    def build(http: httpx.Client) -> list[Body]:
        after: str | None = None
        bodies: list[Body] = []
        for _ in range(pages):
            body = {"query": query, "variables": {"after": after}}
            bodies.append(body)
            info = post(http, body)["data"][connection]["pageInfo"]
            if not info["hasNextPage"]:
                break
            after = info["endCursor"]
        return bodies

    return build


@dataclass(frozen=True)
class Operation:
    """One row of the table: its documents (newest schema first) and their pools of bodies."""

    name: str
    title: str
    variants: tuple[Bodies, ...]

    def bodies(self, http: httpx.Client) -> list[Body]:
        """The pool of the first variant the gateway answers, a few samples checked."""
        refusals = []
        for variant in self.variants:
            try:
                bodies = variant(http)
                for body in random.sample(bodies, min(3, len(bodies))):
                    post(http, body)
                return bodies
            except WrongAnswer as exc:
                refusals.append(str(exc))
        raise WrongAnswer(f"{self.name}: " + " / ".join(refusals))


OPERATIONS = {
    op.name: op
    for op in (
        Operation("floor", "`{ __typename }` (the floor)", (lambda http: [{"query": FLOOR}],)),
        Operation(
            "inventory_list",
            "one inventory list by id",
            (
                _by_id(INVENTORY_LIST, "inventoryLists", "id"),
                _by_id(INVENTORY_LIST_BEFORE_17, "inventoryLists", "upstreamId"),
            ),
        ),
        Operation(
            "send_tasks", "50 send tasks + product + DSP", (_pages(SEND_TASKS, "sendTasks"),)
        ),
        Operation(
            "dashboard",
            "dashboard: tasks(first: 50) + taskSummary",
            (_pages(DASHBOARD, "tasks"), _pages(DASHBOARD_BEFORE_17, "tasks")),
        ),
        Operation(
            "mutation",
            "updateSendTask",
            (_updates(MUTATION, "id"), _updates(MUTATION_BEFORE_17, "upstreamId")),
        ),
    )
}
