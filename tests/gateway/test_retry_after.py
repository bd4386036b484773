"""A 503's `Retry-After` is honoured by every source, not only those whose errors the shared
layer reads: a delay too long to wait out is reported to the caller instead of retried at once."""

from __future__ import annotations

import pytest

from tests.conftest import Gateway, calls

# One read per source, and the path prefix its reads (not its logins) start with.
READS = {
    "limbobeat": ("{ sendTasks(first: 1) { totalCount } }", "/api"),
    "xandr": ("{ inventoryLists(first: 1) { totalCount } }", "/inventory-list"),
    "interchange": ("{ workItems(first: 1) { totalCount } }", "/api"),
    "vionlabs": ('{ catalogItems(upstreamIds: ["asset-0001"]) { upstreamId } }', "/tasks"),
    "blueworks": ("{ workInstances(type: OPEN, first: 1) { edges { node { name } } } }", "/scr"),
}
# Token fetches and logins are not the read under test.
TOKEN_PATHS = ("/oauth/token", "/auth")


@pytest.mark.parametrize("source", sorted(READS))
async def test_a_503_asking_for_longer_than_max_retry_wait_is_reported_not_retried(
    gateway: Gateway, source: str
) -> None:
    query, prefix = READS[source]
    await gateway.fault(source, status=503, retry_after_s=120, path_prefix=prefix)

    body = await gateway.gql(query)

    reads = [c for c in calls(body, source) if not c["path"].endswith(TOKEN_PATHS)]
    assert {c["status"] for c in reads} == {503}
    assert len(reads) == len({c["path"] for c in reads})  # no path asked twice: no retry
    codes = {(e["extensions"]["code"], e["extensions"].get("retryAfter")) for e in body["errors"]}
    assert codes == {("UPSTREAM_UNAVAILABLE", 120)}
