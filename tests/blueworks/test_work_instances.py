"""workInstances: paging, the upstream's order, undated instances, the app join, WorkDetail."""

from __future__ import annotations

from typing import Any

from gateway.sources.blueworks.settings import BlueworksSettings
from tests.blueworks.helpers import WORK_PAGE, WORK_WITH_DETAIL, all_work, nodes
from tests.conftest import Gateway, MakeGateway, as_user, calls, sandbox_settings

NODE = """
query Node($id: ID!) {
  node(id: $id) {
    ... on WorkInstance { upstreamId name status statusRaw detail { subject } }
  }
}
"""

DETAIL_TWICE = """
{
  workInstances(type: CLOSED, first: 5) {
    edges { node { a: detail { subject } b: detail { canManageWork } tasks { id } } }
  }
}
"""


async def test_paging_to_the_end_has_no_gap_or_duplicate(gateway: Gateway) -> None:
    for work_type in ("OPEN", "CLOSED"):
        whole = nodes(await gateway.gql(WORK_PAGE, {"type": work_type, "first": 100}))
        paged = await all_work(gateway, work_type, page_size=4)
        assert len(whole) > 8
        assert paged == [n["upstreamId"] for n in whole]
        assert len(set(paged)) == len(paged)


async def test_a_page_asks_the_upstream_for_its_window_only(gateway: Gateway) -> None:
    first = await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 5})
    after = first["data"]["workInstances"]["pageInfo"]["endCursor"]
    second = await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 5, "after": after})
    info = second["data"]["workInstances"]["pageInfo"]
    assert info["hasPreviousPage"] is True
    lists = [c for c in calls(second, "blueworks") if c["path"].endswith("/WorkList")]
    assert [c["status"] for c in lists] == [200]


async def test_undated_instances_have_no_due_date_and_come_after_dated_ones(
    gateway: Gateway,
) -> None:
    work = nodes(await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 100}))
    dated = [n for n in work if n["dueAt"] is not None]
    undated = [n for n in work if n["dueAt"] is None]
    assert dated and undated
    assert work == dated + undated
    assert [n["dueAt"] for n in dated] == sorted((n["dueAt"] for n in dated), reverse=True)
    assert [n["upstreamId"] for n in undated] == sorted(n["upstreamId"] for n in undated)


async def test_statuses_and_app_types_are_graph_enums_joined_from_the_side_list(
    gateway: Gateway,
) -> None:
    open_work = nodes(await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 100}))
    closed_work = nodes(await gateway.gql(WORK_PAGE, {"type": "CLOSED", "first": 100}))
    assert {n["status"] for n in open_work} <= {"ACTIVE", "OVERDUE"}
    assert {n["status"] for n in closed_work} <= {"COMPLETED", "CANCELLED"}
    assert {n["statusRaw"] for n in open_work} <= {"Active", "Overdue"}
    assert {n["app"]["type"] for n in open_work + closed_work} == {"WORKFLOW", "CHECKLIST"}
    assert all(n["remainingTaskCount"] > 0 for n in open_work)
    assert all(n["remainingTaskCount"] == 0 for n in closed_work)


async def test_detail_is_fetched_only_when_asked(gateway: Gateway) -> None:
    body = await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 6})
    assert not [c for c in calls(body, "blueworks") if c["path"].endswith("/WorkDetail")]


async def test_detail_and_tasks_share_one_work_detail_call_per_instance(gateway: Gateway) -> None:
    body = await gateway.gql(DETAIL_TWICE)
    assert body.get("errors") is None, body["errors"]
    details = [c for c in calls(body, "blueworks") if c["path"].endswith("/WorkDetail")]
    assert len(details) == 5
    first = body["data"]["workInstances"]["edges"][0]["node"]
    assert first["a"]["subject"] and first["b"]["canManageWork"] is False and first["tasks"]


async def test_tasks_carry_assignee_status_due_date_and_approval(gateway: Gateway) -> None:
    body = await gateway.gql(WORK_WITH_DETAIL, {"first": 10})
    tasks = [t for n in nodes(body) for t in n["tasks"]]
    assert {t["status"] for t in tasks} <= {"NOT_STARTED", "IN_PROGRESS", "COMPLETED"}
    assert {"NotStarted", "InProgress", "Completed"} >= {t["statusRaw"] for t in tasks}
    assert all(t["assignee"].endswith("@example.com") for t in tasks)
    assert any(t["approvalStep"] for t in tasks)
    assert any(t["dueAt"] is None for t in tasks) and any(t["dueAt"] for t in tasks)


def _most_in_flight(made: list[dict[str, Any]]) -> int:
    spans = [(c["startedMs"], c["startedMs"] + c["durationMs"]) for c in made]
    return max(sum(1 for s, e in spans if s <= start < e) for start, _ in spans)


async def test_work_detail_calls_run_with_bounded_concurrency(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings(blueworks=BlueworksSettings(max_concurrency=2)))
    await gw.fault("blueworks", latency_ms=40, path_prefix="/us001/scr/api/WorkDetail")
    body = await gw.gql(WORK_WITH_DETAIL, {"first": 6})
    assert len(nodes(body)) == 6
    details = [c for c in calls(body, "blueworks") if c["path"].endswith("/WorkDetail")]
    assert len(details) == 6
    assert _most_in_flight(details) == 2


async def test_node_refetches_an_instance_through_work_detail(gateway: Gateway) -> None:
    (listed,) = nodes(await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 1}))
    body = await gateway.gql(NODE, {"id": listed["id"]})
    assert body.get("errors") is None, body["errors"]
    node = body["data"]["node"]
    assert node["upstreamId"] == listed["upstreamId"] and node["name"] == listed["name"]
    assert node["status"] == "UNKNOWN" and node["statusRaw"] is None
    assert node["detail"]["subject"]
    details = [c for c in calls(body, "blueworks") if c["path"].endswith("/WorkDetail")]
    assert len(details) == 1


WORK_TASKS = """
{ workInstances(type: CLOSED, first: 1) { edges { node { tasks { id upstreamId name status } } } } }
"""
TASK_NODE = """
query Node($id: ID!) {
  node(id: $id) { __typename ... on WorkTask { upstreamId name status } }
}
"""


async def test_a_work_task_is_refetched_by_its_global_id(gateway: Gateway) -> None:
    listed = await gateway.gql(WORK_TASKS)
    task = listed["data"]["workInstances"]["edges"][0]["node"]["tasks"][0]

    body = await gateway.gql(TASK_NODE, {"id": task["id"]})

    assert body.get("errors") is None, body["errors"]
    expected = {k: task[k] for k in ("upstreamId", "name", "status")}
    assert body["data"]["node"] == {"__typename": "WorkTask", **expected}
    # The listing read the instance's WorkDetail; the refetch, for the same user, reuses it
    # (kept WORK_DETAIL_CACHE_TTL_S, docs/performance.md).
    made = [c for answer in (listed, body) for c in calls(answer, "blueworks")]
    details = [c for c in made if c["path"].endswith("/WorkDetail")]
    assert len(details) == 1


async def test_node_of_another_users_instance_is_null(gateway: Gateway) -> None:
    (listed,) = nodes(await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 1}))
    other = as_user("alex.morgan@example.com")
    body = await gateway.gql(NODE, {"id": listed["id"]}, headers=other)
    assert body.get("errors") is None and body["data"]["node"] is None


async def test_a_cursor_of_open_work_is_refused_for_closed_work(gateway: Gateway) -> None:
    body = await gateway.gql(WORK_PAGE, {"type": "OPEN", "first": 2})
    after = body["data"]["workInstances"]["pageInfo"]["endCursor"]
    refused = await gateway.gql(WORK_PAGE, {"type": "CLOSED", "first": 2, "after": after})
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert not calls(refused, "blueworks")
