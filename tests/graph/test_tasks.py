"""The cross-source task queue: one round trip, parallel, partial when a source is down."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

from gateway.callers.settings import AuthSettings
from gateway.config import Settings
from gateway.sources.registry import SOURCES
from schema.sources import SCHEMAS
from tests.conftest import Gateway, MakeGateway, as_user, calls, sandbox_settings

DASHBOARD = """
query Dashboard {
  tasks(first: 50) {
    totalCount
    sources { source ok errorCode fetchedCount truncated }
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      __typename id title state statusRaw source dueAt updatedAt assignee
      ... on WorkItem { resource { __typename ... on InventoryList { name }
                                               ... on SendTask { status } } }
    } }
  }
  taskSummary {
    totalCount exact
    byState { state count }
    bySource { source ok totalCount exact byState { state count } }
  }
}
"""

ALL_STATES = "[OPEN, IN_PROGRESS, BLOCKED, DONE, FAILED, CANCELLED]"
ONE_PAGE = (
    "query($first: Int!, $after: String, $order: TaskOrderInput) {"
    f"  tasks(first: $first, after: $after, orderBy: $order, filter: {{states: {ALL_STATES}}}) {{"
    "    totalCount pageInfo { hasNextPage endCursor }"
    "    edges { node { id state source dueAt updatedAt } } } }"
)
SOURCES_ONLY = """
query { tasks(first: 200, filter: {sources: [LIMBOBEAT, VIONLABS], states: [FAILED]}) {
  totalCount sources { source } edges { node { source state statusRaw } } } }
"""
STATES = f"""
query {{ tasks(first: 200, filter: {{states: {ALL_STATES}}}) {{
  edges {{ node {{ source state statusRaw }} }} }} }}
"""


DUE_AT_ASC = {"field": "DUE_AT", "direction": "ASC"}
UPDATED_AT_DESC = {"field": "UPDATED_AT", "direction": "DESC"}


def by_source(body: dict[str, Any]) -> Counter[str]:
    return Counter(c["source"] for c in calls(body))


async def test_a_dashboard_is_one_round_trip_in_parallel_with_the_calls_its_shape_needs(
    gateway: Gateway,
) -> None:
    latency_ms = 100
    for source in SOURCES:
        await gateway.fault(source.name, latency_ms=latency_ms)

    body = await gateway.gql(DASHBOARD)

    assert "errors" not in body
    made = calls(body)
    # In turn, the calls would span the sum of their durations; side by side, the span is that
    # of the longest chain (Blueworks: token, the 301 to the account host, the page; then the
    # links: Xandr's login and one batch), about three latencies for 31 calls.
    span = max(c["startedMs"] + c["durationMs"] for c in made) - min(c["startedMs"] for c in made)
    assert span < sum(c["durationMs"] for c in made) / 4
    assert all(c["durationMs"] >= latency_ms * 0.9 for c in made)
    assert by_source(body) == {
        # tasks: one page per inventory source (3); taskSummary: one limit=1 call per source
        # and status that needs attention (3 x 3).
        "interchange": 3 + 9,
        # token, the login host's 301, one OPEN page shared by tasks and taskSummary.
        "blueworks": 3,
        # one list per configured catalog item, shared by tasks and taskSummary.
        "vionlabs": 10,
        # token, the tasks page, four status totals, then the send tasks the work items name
        # (one batch).
        "limbobeat": 1 + 1 + 4 + 1,
        # login, then every inventory list the work items name, in one batch.
        "xandr": 2,
    }
    assert max(c["batchSize"] or 0 for c in calls(body, "xandr")) > 1


async def test_the_summary_agrees_with_the_queue(gateway: Gateway) -> None:
    body = await gateway.gql(DASHBOARD)

    tasks, summary = body["data"]["tasks"], body["data"]["taskSummary"]
    assert summary["exact"] is True
    assert summary["totalCount"] == tasks["totalCount"]
    fetched = {s["source"]: s["fetchedCount"] for s in tasks["sources"]}
    assert {s["source"]: s["totalCount"] for s in summary["bySource"]} == fetched
    assert set(fetched) == {s.name.upper() for s in SCHEMAS if s.tasks is not None}
    assert all(count > 0 for count in fetched.values())


async def test_a_failing_source_leaves_the_others_in_order_and_says_which(
    gateway: Gateway,
) -> None:
    await gateway.fault("limbobeat", status=503, path_prefix="/api")

    body = await gateway.gql(DASHBOARD)

    tasks = body["data"]["tasks"]
    status = {s["source"]: s for s in tasks["sources"]}
    assert status["LIMBOBEAT"]["ok"] is False
    assert status["LIMBOBEAT"]["errorCode"] == "UPSTREAM_UNAVAILABLE"
    assert all(status[s]["ok"] for s in ("INTERCHANGE", "BLUEWORKS", "VIONLABS"))
    nodes = [e["node"] for e in tasks["edges"]]
    assert nodes and all(n["source"] != "LIMBOBEAT" for n in nodes)
    dated = [n["dueAt"] for n in nodes if n["dueAt"] is not None]
    assert dated == sorted(dated)
    errors = [e for e in body["errors"] if e["path"] == ["tasks"]]
    assert [(e["extensions"]["code"], e["extensions"]["source"]) for e in errors] == [
        ("UPSTREAM_UNAVAILABLE", "limbobeat")
    ]
    summary = {s["source"]: s for s in body["data"]["taskSummary"]["bySource"]}
    assert summary["LIMBOBEAT"]["ok"] is False
    assert body["data"]["taskSummary"]["exact"] is False


async def test_undated_tasks_come_last_when_ordered_by_due_date(gateway: Gateway) -> None:
    body = await gateway.gql(ONE_PAGE, {"first": 200, "order": DUE_AT_ASC})

    due = [e["node"]["dueAt"] for e in body["data"]["tasks"]["edges"]]
    dated = [d for d in due if d is not None]
    assert dated == sorted(dated)
    assert due == dated + [None] * (len(due) - len(dated))
    assert len(dated) < len(due)


async def test_ordering_by_update_puts_the_latest_change_first(gateway: Gateway) -> None:
    body = await gateway.gql(ONE_PAGE, {"first": 200, "order": UPDATED_AT_DESC})

    updated = [e["node"]["updatedAt"] for e in body["data"]["tasks"]["edges"]]
    known = [u for u in updated if u is not None]
    assert known == sorted(known, reverse=True)
    assert updated[: len(known)] == known


@pytest.mark.parametrize("field", ["DUE_AT", "UPDATED_AT"])
async def test_each_order_sorts_both_ways_and_keeps_tasks_without_the_time_last(
    gateway: Gateway, field: str
) -> None:
    key = {"DUE_AT": "dueAt", "UPDATED_AT": "updatedAt"}[field]
    for direction in ("ASC", "DESC"):
        order = {"field": field, "direction": direction}
        body = await gateway.gql(ONE_PAGE, {"first": 200, "order": order})

        moments = [e["node"][key] for e in body["data"]["tasks"]["edges"]]
        known = [m for m in moments if m is not None]
        assert known == sorted(known, reverse=direction == "DESC")
        assert moments == known + [None] * (len(moments) - len(known))


async def test_filters_choose_sources_and_states_and_ask_only_those_sources(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(SOURCES_ONLY)

    tasks = body["data"]["tasks"]
    assert {s["source"] for s in tasks["sources"]} == {"LIMBOBEAT", "VIONLABS"}
    nodes = [e["node"] for e in tasks["edges"]]
    assert nodes and {n["state"] for n in nodes} == {"FAILED"}
    assert {n["source"] for n in nodes} == {"LIMBOBEAT", "VIONLABS"}
    assert set(by_source(body)) == {"limbobeat", "vionlabs"}


async def test_every_source_status_reads_as_the_state_the_table_gives(gateway: Gateway) -> None:
    body = await gateway.gql(STATES)

    seen = {
        (n["source"], n["statusRaw"], n["state"])
        for n in (e["node"] for e in body["data"]["tasks"]["edges"])
    }
    expected = {
        ("LIMBOBEAT", "procesing", "IN_PROGRESS"),
        ("LIMBOBEAT", "waiting", "IN_PROGRESS"),
        ("LIMBOBEAT", "error", "FAILED"),
        ("LIMBOBEAT", "pending", "OPEN"),
        ("BLUEWORKS", "Overdue", "IN_PROGRESS"),
        ("BLUEWORKS", "Active", "IN_PROGRESS"),
        ("BLUEWORKS", "Completed", "DONE"),
        ("INTERCHANGE", "BLOCKED", "BLOCKED"),
        ("INTERCHANGE", "CANCELLED", "CANCELLED"),
        ("VIONLABS", "failed", "FAILED"),
        ("VIONLABS", "queued", "OPEN"),
    }
    assert expected <= seen


async def test_a_cursor_of_another_order_is_refused_before_any_call(gateway: Gateway) -> None:
    first = await gateway.gql(ONE_PAGE, {"first": 3, "order": DUE_AT_ASC})
    cursor = first["data"]["tasks"]["pageInfo"]["endCursor"]

    body = await gateway.gql(ONE_PAGE, {"first": 3, "after": cursor, "order": UPDATED_AT_DESC})

    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert calls(body) == []


async def test_the_call_report_is_off_in_production(make_gateway: MakeGateway) -> None:
    settings: Settings = sandbox_settings(
        environment="production", auth=AuthSettings(mode=["none"])
    )
    gw = await make_gateway(settings)

    body = await gw.gql("{ tasks(first: 1, filter: {sources: [LIMBOBEAT]}) { totalCount } }")

    assert body["data"]["tasks"]["totalCount"] > 0
    assert "upstreamCalls" not in body.get("extensions", {})


async def test_blueworks_tasks_are_the_callers_own(gateway: Gateway) -> None:
    query = "{ tasks(first: 200, filter: {sources: [BLUEWORKS]}) { edges { node { id } } } }"

    demo = await gateway.gql(query, headers=as_user("demo@example.com"))
    alex = await gateway.gql(query, headers=as_user("alex.morgan@example.com"))

    demo_ids = {e["node"]["id"] for e in demo["data"]["tasks"]["edges"]}
    alex_ids = {e["node"]["id"] for e in alex["data"]["tasks"]["edges"]}
    assert demo_ids and alex_ids
    assert not demo_ids & alex_ids
