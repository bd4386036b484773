"""Queries and small readers shared by the Blueworks tests."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, as_user, calls

WORK_PAGE = """
query WorkPage($type: WorkInstanceType!, $first: Int!, $after: String) {
  workInstances(type: $type, first: $first, after: $after) {
    edges {
      cursor
      node { id upstreamId name status statusRaw remainingTaskCount dueAt app { upstreamId type } }
    }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""

WORK_WITH_DETAIL = """
query WorkWithDetail($first: Int!) {
  workInstances(type: OPEN, first: $first) {
    edges {
      node {
        upstreamId
        detail { subject details canManageWork }
        tasks { id name assignee status statusRaw dueAt approvalStep isApproved }
      }
    }
  }
}
"""

TOKEN_PATH = "/oauth/token"


def nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    assert body.get("errors") is None, body["errors"]
    return [edge["node"] for edge in body["data"]["workInstances"]["edges"]]


def error_code(body: dict[str, Any]) -> str:
    (error,) = body["errors"]
    code: str = error["extensions"]["code"]
    return code


def token_requests(body: dict[str, Any]) -> int:
    return sum(1 for c in calls(body, "blueworks") if c["path"].endswith(TOKEN_PATH))


async def all_work(
    gw: Gateway, work_type: str, *, page_size: int, user: str | None = None
) -> list[str]:
    """Every upstream id of one type, paging with `after` until `hasNextPage` is false."""
    headers = as_user(user) if user else None
    seen: list[str] = []
    after: str | None = None
    while True:
        variables = {"type": work_type, "first": page_size, "after": after}
        body = await gw.gql(WORK_PAGE, variables, headers=headers)
        seen.extend(n["upstreamId"] for n in nodes(body))
        info = body["data"]["workInstances"]["pageInfo"]
        if not info["hasNextPage"]:
            return seen
        after = info["endCursor"]
