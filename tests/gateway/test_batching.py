"""Lookups by id are batched and de-duplicated within one GraphQL request."""

from __future__ import annotations

from tests.conftest import Gateway, calls

FIVE_SEND_TASKS = """
query {
  a: sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId status }
  b: sendTask(id: "U2VuZFRhc2s6NTAwMg==") { upstreamId status }
  c: sendTask(id: "U2VuZFRhc2s6NTAwMw==") { upstreamId status }
  d: sendTask(id: "U2VuZFRhc2s6NTAwNA==") { upstreamId status }
  e: sendTask(id: "U2VuZFRhc2s6NTAwNQ==") { upstreamId status }
  again: sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId }
  missing: sendTask(id: "U2VuZFRhc2s6OTk5OTk5") { upstreamId }
}
"""


async def test_five_send_tasks_by_id_cost_one_upstream_request(gateway: Gateway) -> None:
    body = await gateway.gql(FIVE_SEND_TASKS)

    data = body["data"]
    assert [data[k]["upstreamId"] for k in "abcde"] == ["5001", "5002", "5003", "5004", "5005"]
    assert data["again"]["upstreamId"] == "5001"
    assert data["missing"] is None
    lookups = [c for c in calls(body, "limbobeat") if c["path"].endswith("/send-tasks")]
    assert len(lookups) == 1
    assert lookups[0]["batchSize"] == 6


async def test_the_call_report_is_only_given_when_asked_for(gateway: Gateway) -> None:
    body = await gateway.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }', debug=False)

    assert "upstreamCalls" not in body.get("extensions", {})


async def test_the_token_is_fetched_once_for_many_requests(gateway: Gateway) -> None:
    first = await gateway.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }')
    second = await gateway.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMg==") { upstreamId } }')

    assert calls(first, "limbobeat")[0]["path"].endswith("/oauth/token")
    assert not any(c["path"].endswith("/oauth/token") for c in calls(second, "limbobeat"))
