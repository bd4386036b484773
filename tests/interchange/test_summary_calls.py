"""`taskSummary` over many inventory sources: one call per source that cannot be counted cheaper."""

from __future__ import annotations

from tests.conftest import Gateway, calls

SUMMARY = """
query Summary($ids: [ID!]!) {
  taskSummary(scope: {interchangeSourceIds: $ids}, filter: {sources: [INTERCHANGE]}) {
    bySource { source ok errorCode }
  }
}
"""
WITH_QUEUE = """
query Both($ids: [ID!]!) {
  tasks(scope: {interchangeSourceIds: $ids}, filter: {sources: [INTERCHANGE]}) { totalCount }
  taskSummary(scope: {interchangeSourceIds: $ids}, filter: {sources: [INTERCHANGE]}) {
    totalCount
  }
}
"""


async def test_sources_that_do_not_exist_cost_one_call_each_not_one_per_status(
    gateway: Gateway,
) -> None:
    unknown = [f"no-such-source-{i}" for i in range(8)]

    body = await gateway.gql(SUMMARY, {"ids": unknown})

    (interchange,) = body["data"]["taskSummary"]["bySource"]
    assert (interchange["ok"], interchange["errorCode"]) == (False, "NOT_FOUND")
    assert len(calls(body, "interchange")) == len(unknown)


async def test_the_summary_reuses_the_queues_page_of_each_source(gateway: Gateway) -> None:
    unknown = ["no-such-source-a", "no-such-source-b"]

    body = await gateway.gql(WITH_QUEUE, {"ids": unknown})

    # The queue's page of each source is the summary's first read too: one call per source.
    assert len(calls(body, "interchange")) == len(unknown)
