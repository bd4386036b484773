"""Live task events over graphql-transport-ws, against a real gateway on its sandbox."""

from __future__ import annotations

import asyncio
import time

import httpx

from gateway.live import LiveSettings
from gateway.sources.limbobeat.settings import LimbobeatSettings
from tests.conftest import gid
from tests.live.client import LiveServer, connected
from tests.live.conftest import StartServer, live_settings

EVENTS = """
subscription Events($filter: TaskFilterInput) {
  taskChanged(filter: $filter) {
    __typename
    ... on TaskSnapshot { reason missedEvents tasks { id state } sources { source ok errorCode } }
    ... on TaskChange {
      kind changedFields
      task { __typename id state statusRaw ... on SendTask { upstreamId } }
      previous { state statusRaw } current { state statusRaw }
    }
    ... on SourceDegraded { source errorCode circuitOpen retryInSeconds }
    ... on SourceRecovered { source }
  }
}
"""
SEND_TASKS = {"filter": {"sources": ["LIMBOBEAT"]}}

UPDATE = """
mutation Update($id: ID!, $status: SendTaskStatus!) {
  updateSendTask(input: {id: $id, status: $status}) { userErrors { code } }
}
"""
# Seeded send tasks (gateway/sources/limbobeat/simulator/seed.py): 5001 is `waiting`.
WAITING_TASK = "5001"
SIMULATOR = "/sandbox/limbobeat/api/v1/send-tasks"
DEMO_TOKEN = {"Authorization": "Bearer sandbox-limbobeat-token"}
LIST_ROUTE = "GET /api/{id}/send-tasks"


async def patch_in_simulator(server_http: httpx.AsyncClient, task_id: str, status: str) -> None:
    """A change made in limbo/Beat itself, not through the gateway."""
    body = {"data": {"type": "send-tasks", "id": task_id, "attributes": {"status": status}}}
    response = await server_http.patch(
        f"{SIMULATOR}/{task_id}",
        json=body,
        headers=DEMO_TOKEN | {"Content-Type": "application/vnd.api+json"},
    )
    assert response.status_code == 200, response.text


async def test_a_mutation_through_the_gateway_produces_the_event_at_once(
    start_server: StartServer,
) -> None:
    # An interval far longer than the test: only the write's own poke can bring the event.
    server = await start_server(live_settings(interval_s=60))
    async with connected(server) as ws:
        assert (await ws.init())["type"] == "connection_ack"
        await ws.subscribe("1", EVENTS, SEND_TASKS)
        snapshot = await ws.event("1")
        assert snapshot["__typename"] == "TaskSnapshot" and snapshot["reason"] == "INITIAL"
        assert snapshot["sources"] == [{"source": "LIMBOBEAT", "ok": True, "errorCode": None}]

        written = await server.gql(UPDATE, {"id": gid("SendTask", WAITING_TASK), "status": "ERROR"})
        assert written["data"]["updateSendTask"]["userErrors"] == []
        change = await ws.event("1", timeout_s=5)

    assert change["__typename"] == "TaskChange"
    assert change["kind"] == "CHANGED"
    assert change["task"]["upstreamId"] == WAITING_TASK
    assert change["changedFields"] == ["STATE", "STATUS_RAW"]
    assert change["previous"] == {"state": "IN_PROGRESS", "statusRaw": "waiting"}
    assert change["current"] == {"state": "FAILED", "statusRaw": "error"}


async def test_a_change_made_in_the_simulator_arrives_with_the_next_poll(
    start_server: StartServer,
) -> None:
    interval = 1.0
    server = await start_server(live_settings(interval_s=interval))
    async with connected(server) as ws:
        await ws.init()
        await ws.subscribe("1", EVENTS, SEND_TASKS)
        await ws.event("1")
        await patch_in_simulator(server.http, WAITING_TASK, "completed")
        before = (await server.traffic("limbobeat")).get(LIST_ROUTE, 0)
        change = await ws.event("1", timeout_s=5)
        # Counted in polls, not seconds, so a slow machine slows both sides alike.
        polls = (await server.traffic("limbobeat")).get(LIST_ROUTE, 0) - before

    # `completed` is outside the default filter (states that need attention): it leaves.
    assert change["kind"] == "DISAPPEARED"
    assert change["task"]["upstreamId"] == WAITING_TASK
    assert change["previous"]["state"] == "IN_PROGRESS"
    assert change["current"] is None
    # The first poll after the change found it; at most the next one has started since.
    assert 1 <= polls <= 2, polls


async def test_two_subscribers_of_one_scope_share_one_poll_per_interval(
    start_server: StartServer,
) -> None:
    interval = 0.2
    server = await start_server(live_settings(interval_s=interval))
    async with connected(server) as first, connected(server) as second:
        for ws in (first, second):
            await ws.init()
            await ws.subscribe("1", EVENTS, SEND_TASKS)
            await ws.event("1")
        await server.until_metric("gateway_live_pollers 1.0")
        await server.until_metric("gateway_live_subscriptions 2.0")
        await server.reset_traffic()
        started = time.monotonic()
        await asyncio.sleep(interval * 10)
        polls = (await server.traffic("limbobeat")).get(LIST_ROUTE, 0)
        elapsed = time.monotonic() - started

    # One poller for both: it keeps polling, and never more than once an interval of the time
    # that actually passed (two pollers would poll about twice as often).
    assert 2 <= polls <= elapsed / interval + 1, (polls, elapsed)


async def polls_while_faulty(server: LiveServer, fault: dict[str, object]) -> tuple[int, float]:
    """List calls of one subscription's poller, and the seconds counted, under a fault."""
    await server.http.put("/sandbox/_faults/limbobeat", json=fault)
    async with connected(server) as ws:
        await ws.init()
        await ws.subscribe("1", EVENTS, SEND_TASKS)
        await ws.event("1")
        await server.reset_traffic()
        started = time.monotonic()
        await asyncio.sleep(3)
        polls = (await server.traffic("limbobeat")).get(LIST_ROUTE, 0)
        return polls, time.monotonic() - started


async def test_a_rate_limited_source_is_polled_no_sooner_than_its_retry_after(
    start_server: StartServer,
) -> None:
    server = await start_server(live_settings(interval_s=0.1))

    polls, elapsed = await polls_while_faulty(
        server, {"status": 429, "retry_after_s": 1, "path_prefix": "/api"}
    )

    # Every 0.1 s would be 30 polls; the upstream's Retry-After allows one a second.
    assert 1 <= polls <= elapsed + 1, (polls, elapsed)


async def test_a_failing_source_is_polled_less_and_less_often(start_server: StartServer) -> None:
    # A breaker that never opens: the poller's own backoff is what spaces the calls.
    limbobeat = LimbobeatSettings(poll_interval_s=0.1, retries=0, breaker_failure_threshold=1000)
    server = await start_server(live_settings(limbobeat=limbobeat))

    polls, elapsed = await polls_while_faulty(server, {"status": 500, "path_prefix": "/api"})

    # Backing off from 0.2 s, doubling to the 1 s cap (GATEWAY_LIVE__MAX_BACKOFF_S in these
    # tests): about five polls in three seconds, where the interval would make thirty.
    assert 1 <= polls <= elapsed + 4, (polls, elapsed)


async def test_unsubscribing_stops_polling(start_server: StartServer) -> None:
    interval = 0.1
    server = await start_server(live_settings(interval_s=interval))
    async with connected(server) as ws:
        await ws.init()
        await ws.subscribe("1", EVENTS, SEND_TASKS)
        await ws.event("1")
        await server.until_traffic("limbobeat", LIST_ROUTE, at_least=2)
        assert "gateway_live_pollers 1.0" in (await server.http.get("/metrics")).text
        await ws.complete("1")
        # The gauge drops once the poller has stopped, a poll in flight cancelled with it.
        await server.until_metric("gateway_live_pollers 0.0")
        await server.reset_traffic()
        await asyncio.sleep(interval * 5)
        assert (await server.traffic("limbobeat")).get(LIST_ROUTE, 0) == 0
        assert "gateway_live_pollers 0.0" in (await server.http.get("/metrics")).text
        # The connection itself stays usable.
        await ws.subscribe("2", EVENTS, SEND_TASKS)
        assert (await ws.event("2"))["reason"] == "INITIAL"


async def test_a_failing_source_is_degraded_then_recovered(start_server: StartServer) -> None:
    server = await start_server(live_settings(interval_s=0.1))
    async with connected(server) as ws:
        await ws.init()
        await ws.subscribe("1", EVENTS, SEND_TASKS)
        await ws.event("1")
        await server.http.put("/sandbox/_faults/limbobeat", json={"status": 503})
        degraded = await ws.event_where("1", "SourceDegraded")
        assert degraded["source"] == "LIMBOBEAT"
        assert degraded["errorCode"] == "UPSTREAM_UNAVAILABLE"
        assert degraded["retryInSeconds"] > 0
        await server.http.delete("/sandbox/_faults/limbobeat")
        recovered = await ws.event_where("1", "SourceRecovered")
        assert recovered == {"__typename": "SourceRecovered", "source": "LIMBOBEAT"}


async def test_a_source_failing_from_the_start_says_it_recovered_before_its_tasks_appear(
    start_server: StartServer,
) -> None:
    server = await start_server(live_settings(interval_s=0.1))
    await server.http.put("/sandbox/_faults/limbobeat", json={"status": 503})
    async with connected(server) as ws:
        await ws.init()
        await ws.subscribe("1", EVENTS, SEND_TASKS)
        initial = await ws.event("1")
        await ws.event_where("1", "SourceDegraded")
        await server.http.delete("/sandbox/_faults/limbobeat")
        back = await ws.event("1")
        then = await ws.event("1")

    assert initial["tasks"] == [] and initial["sources"][0]["ok"] is False
    assert back == {"__typename": "SourceRecovered", "source": "LIMBOBEAT"}
    assert then["__typename"] == "TaskChange" and then["kind"] == "APPEARED"


async def test_a_slow_subscriber_gets_a_lagged_snapshot_instead_of_a_growing_queue(
    start_server: StartServer,
) -> None:
    # A queue of one event, and one poll that sees three changes at once.
    settings = live_settings(interval_s=60, live=LiveSettings(queue_size=1, max_backoff_s=1.0))
    server = await start_server(settings)
    async with connected(server) as ws:
        await ws.init()
        await ws.subscribe("1", EVENTS, SEND_TASKS)
        await ws.event("1")
        for task_id in ("5000", "5001", "5002"):
            await patch_in_simulator(server.http, task_id, "error")
        # A write through the gateway pokes the poller, which then sees all three at once.
        await server.gql(UPDATE, {"id": gid("SendTask", "5000"), "status": "ERROR"})
        lagged = await ws.event("1")

    assert lagged["__typename"] == "TaskSnapshot"
    assert lagged["reason"] == "LAGGED"
    assert lagged["missedEvents"] >= 2
    states = {task["state"] for task in lagged["tasks"]}
    assert "FAILED" in states


async def test_subscriptions_are_served_over_server_sent_events(
    start_server: StartServer,
) -> None:
    server = await start_server(live_settings(interval_s=60))
    query = {"query": EVENTS, "variables": SEND_TASKS}
    headers = {"Accept": "text/event-stream"}
    async with server.http.stream("POST", "/graphql", json=query, headers=headers) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.aiter_lines()
        assert await anext(lines) == "event: next"
        data = await anext(lines)
    assert data.startswith("data: ")
    assert '"reason":"INITIAL"' in data


def test_poll_intervals_default_per_source() -> None:
    assert LimbobeatSettings().poll_interval_s == 5.0
