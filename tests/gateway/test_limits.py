"""Input too large for an upstream is the caller's error, never a 500; one bad key stays alone."""

from __future__ import annotations

import base64

from tests.conftest import Gateway, calls, gid

SEARCH = "query($s: String!) { inventoryLists(first: 1, filter: {search: $s}) { totalCount } }"
WORK_ITEM = "query($id: ID!) { workItem(id: $id) { title } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }"
TWO_WORK_ITEMS = """
{ workItems(sourceIds: ["retail-modular"], first: 2) { items { id } } }
"""


def codes(body: dict[str, object]) -> list[str]:
    return [e["extensions"]["code"] for e in body.get("errors", [])]  # type: ignore[attr-defined]


async def test_an_argument_too_long_for_the_upstream_url_is_bad_user_input(
    gateway: Gateway,
) -> None:
    search = await gateway.gql(SEARCH, {"s": "x" * 70_000})
    item = await gateway.gql(WORK_ITEM, {"id": gid("WorkItem", "retail-modular|" + "y" * 70_000)})

    assert codes(search) == ["BAD_USER_INPUT"]
    assert codes(item) == ["BAD_USER_INPUT"]
    assert search["errors"][0]["extensions"]["source"] == "xandr"


async def test_too_many_send_task_ids_in_a_filter_are_refused_before_any_call(
    gateway: Gateway,
) -> None:
    ids = [str(5000 + i) for i in range(201)]

    body = await gateway.gql(
        "query($ids: [ID!]) { sendTasks(filter: {upstreamIds: $ids}) { totalCount } }",
        {"ids": ids},
    )

    assert codes(body) == ["BAD_USER_INPUT"]
    assert calls(body) == []


async def test_nodes_takes_a_bounded_number_of_ids(gateway: Gateway) -> None:
    ids = [base64.b64encode(f"SendTask:{5000 + i}".encode()).decode() for i in range(101)]

    body = await gateway.gql(NODES, {"ids": ids})

    assert codes(body) == ["BAD_USER_INPUT"]
    assert calls(body) == []


async def test_one_failing_lookup_does_not_sink_its_siblings(gateway: Gateway) -> None:
    listed = await gateway.gql(TWO_WORK_ITEMS)
    ids = [item["id"] for item in listed["data"]["workItems"]["items"]]
    # The first detail call is refused (a 400 is not retried); the second goes through.
    await gateway.fault("interchange", status=400, times=1, path_prefix="/api")

    body = await gateway.gql(NODES, {"ids": ids})

    found = body["data"]["nodes"]
    assert sorted(n is None for n in found) == [False, True]
    assert codes(body) == ["UPSTREAM_REJECTED"]
    assert next(n["id"] for n in found if n is not None) in ids
    assert body["errors"][0]["path"] == ["nodes", found.index(None)]
