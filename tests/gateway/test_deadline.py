"""The request deadline: partial data when it passes, and no upstream work after the response.

Asserted from the call record (`X-Gateway-Debug: calls`) and the sandbox's own traffic counts,
never from wall-clock bounds.
"""

from __future__ import annotations

import asyncio

from gateway.sources.limbobeat.settings import LimbobeatSettings
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

TWO_SOURCES = "{ sendTasks(first: 3) { totalCount } inventoryLists(first: 2) { totalCount } }"
# 101 ids is one more than `nodes` takes: a caller's mistake on a non-null field, which nulls the
# whole `data` at once. GraphQL cancels the sibling field, but not the DataLoader batch it had
# asked for: that batch's upstream call would run on after the response.
TOO_MANY_IDS = ", ".join('"x"' for _ in range(101))
SEND_TASK_5001 = "U2VuZFRhc2s6NTAwMQ=="
EARLY_ANSWER = (
    f'{{ nodes(ids: [{TOO_MANY_IDS}]) {{ id }} sendTask(id: "{SEND_TASK_5001}") {{ upstreamId }} }}'
)


async def test_a_hung_upstream_gives_partial_data_at_the_deadline(
    make_gateway: MakeGateway,
) -> None:
    # The attempt's own timeout is far beyond the deadline: only the deadline can end it.
    section = LimbobeatSettings(timeout_s=60, retries=2)
    # Long enough for Xandr's one warm read on any machine, however loaded (only the hung
    # request waits for it).
    gw: Gateway = await make_gateway(sandbox_settings(request_timeout_s=1.5, limbobeat=section))
    warm = await gw.gql(TWO_SOURCES)  # both tokens first
    assert "errors" not in warm, warm["errors"]
    before = await gw.traffic("limbobeat")
    await gw.fault("limbobeat", timeout=True, hang_s=60)

    body = await gw.gql(TWO_SOURCES)

    assert body["data"]["sendTasks"] is None
    assert body["data"]["inventoryLists"]["totalCount"] > 0
    (error,) = body["errors"]
    assert error["path"] == ["sendTasks"]
    assert (error["extensions"]["code"], error["extensions"]["source"]) == (
        "UPSTREAM_TIMEOUT",
        "limbobeat",
    )
    assert "deadline" in error["message"]
    assert "writeOutcome" not in error["extensions"]  # a read: nothing may have changed
    # One attempt, recorded as a timeout (not a cancellation), and no retry after it.
    hung = calls(body, "limbobeat")
    assert [c["error"] for c in hung] == ["timeout"]
    traffic = await gw.traffic("limbobeat")
    assert (traffic["requests"] - before["requests"], traffic["inFlight"]) == (1, 0)


async def test_no_retry_starts_that_cannot_finish_before_the_deadline(
    make_gateway: MakeGateway,
) -> None:
    section = LimbobeatSettings(retries=2, max_retry_wait_s=30)
    # Never reached: the request ends at the first answer, so any machine has time for it.
    gw: Gateway = await make_gateway(sandbox_settings(request_timeout_s=5, limbobeat=section))
    warm = await gw.gql("{ sendTasks(first: 1) { totalCount } }")  # the token first
    assert "errors" not in warm, warm["errors"]
    # Each answer asks for 10 s before the next try: within the retry policy's 30 s, but more
    # than the request has left.
    await gw.fault("limbobeat", status=503, retry_after_s=10, path_prefix="/api")

    body = await gw.gql("{ sendTasks(first: 1) { totalCount } }")

    assert [c["status"] for c in calls(body, "limbobeat")] == [503]
    extensions = body["errors"][0]["extensions"]
    assert (extensions["code"], extensions["retryAfter"]) == ("UPSTREAM_UNAVAILABLE", 10.0)


async def test_no_upstream_call_starts_after_the_response(make_gateway: MakeGateway) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(request_timeout_s=5))
    # A slow token fetch: the send-task read it precedes would start after the response.
    await gw.fault("limbobeat", latency_ms=100, path_prefix="/oauth")

    body = await gw.gql(EARLY_ANSWER)
    at_response = await gw.traffic("limbobeat")
    await asyncio.sleep(0.3)  # long enough for the token fetch and the read, had they run on

    assert body["data"] is None
    assert await gw.traffic("limbobeat") == at_response
    assert at_response["inFlight"] == 0
    assert not any("/send-tasks" in path for path in at_response["paths"])


CREATE = """mutation { createSendTask(input: {productUpstreamId: "100",
  dspUploadIdentificationUpstreamId: "1870", deliveryType: DELIVERY}) {
    sendTask { upstreamId } } }"""


async def test_a_write_cut_off_by_the_deadline_says_its_outcome_is_unknown(
    make_gateway: MakeGateway,
) -> None:
    gw: Gateway = await make_gateway(sandbox_settings(request_timeout_s=1))
    await gw.gql("{ sendTasks(first: 1) { totalCount } }")  # the token first
    await gw.fault("limbobeat", latency_ms=5000, path_prefix="/api/v1/send-tasks")

    body = await gw.gql(CREATE)

    (error,) = body["errors"]
    assert error["extensions"]["code"] == "UPSTREAM_TIMEOUT"
    # Sent and unanswered: it may have been applied, so the caller reads before resending.
    assert error["extensions"]["writeOutcome"] == "UNKNOWN"
    assert "may have been applied" in error["message"]
    assert [c["method"] for c in calls(body, "limbobeat")] == ["POST"]  # and never repeated
