"""`workItems`: parallel fan-out over inventory sources, filters, counts and partial failure."""

from __future__ import annotations

from typing import Any

import pytest

from gateway.sources.interchange.settings import InterchangeSettings
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings
from tests.interchange.helpers import ALL_STATUSES, SOURCES, source_prefix

WORK_ITEMS = """
query WorkItems($sourceIds: [ID!], $filter: WorkItemFilterInput, $first: Int! = 50) {
  workItems(sourceIds: $sourceIds, filter: $filter, first: $first) {
    totalCount returnedCount hasMore
    items {
      id upstreamId sourceId status statusRaw kind resourceType resourceId mediaBuyId
      buyerCustomerId createdAt requiredResultFields
    }
    sources { sourceId ok errorCode totalCount returnedCount }
  }
}
"""

MAX_SAFE_INTEGER = 9007199254740991


async def list_items(gw: Gateway, **variables: Any) -> dict[str, Any]:
    variables.setdefault("sourceIds", SOURCES)
    return await gw.gql(WORK_ITEMS, variables)


async def test_each_source_is_read_in_parallel_so_latency_is_paid_once(gateway: Gateway) -> None:
    await gateway.fault("interchange", latency_ms=150)
    body = await list_items(gateway)
    made = calls(body, "interchange")
    assert len(made) == 3
    # Every call starts before the first one ends: they run side by side, not in turn.
    first_done = min(c["startedMs"] + c["durationMs"] for c in made)
    assert all(c["startedMs"] < first_done for c in made), made


async def test_results_of_all_sources_are_merged_with_per_source_counts(gateway: Gateway) -> None:
    body = await list_items(gateway, first=5)
    result = body["data"]["workItems"]
    assert result["returnedCount"] == len(result["items"]) == 5
    assert result["totalCount"] == sum(s["totalCount"] for s in result["sources"])
    assert result["hasMore"] is True
    assert [s["sourceId"] for s in result["sources"]] == SOURCES
    assert sum(s["returnedCount"] for s in result["sources"]) == 5
    assert [i["createdAt"] for i in result["items"]] == sorted(
        i["createdAt"] for i in result["items"]
    )


async def test_first_is_sent_to_every_source_and_caps_the_merged_list(gateway: Gateway) -> None:
    body = await list_items(gateway, first=2)
    assert len(body["data"]["workItems"]["items"]) == 2
    assert all(c["status"] == 200 for c in calls(body, "interchange"))


@pytest.mark.parametrize("first", [0, 101])
async def test_first_outside_1_to_100_is_refused_before_any_call(
    gateway: Gateway, first: int
) -> None:
    body = await list_items(gateway, first=first)
    assert body["data"]["workItems"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert calls(body, "interchange") == []


async def test_without_statuses_the_upstream_default_hides_completed_and_cancelled(
    gateway: Gateway,
) -> None:
    body = await list_items(gateway, first=100)
    statuses = {i["status"] for i in body["data"]["workItems"]["items"]}
    assert statuses - {"UNKNOWN"} == {"OPEN", "IN_PROGRESS", "BLOCKED"}


@pytest.mark.parametrize(
    ("filter_", "field", "expected"),
    [
        ({"statuses": ["COMPLETED"]}, "status", "COMPLETED"),
        ({"kind": "REVIEW_CREATIVE"}, "kind", "REVIEW_CREATIVE"),
        ({"resourceType": "send-task"}, "resourceType", "send-task"),
        ({"mediaBuyId": "mb-7101"}, "mediaBuyId", "mb-7101"),
        ({"buyerCustomerId": 4102}, "buyerCustomerId", 4102),
    ],
)
async def test_each_filter_narrows_every_source(
    gateway: Gateway, filter_: dict[str, Any], field: str, expected: Any
) -> None:
    filter_ = {"statuses": ALL_STATUSES} | filter_
    body = await list_items(gateway, filter=filter_, first=100)
    items = body["data"]["workItems"]["items"]
    assert items
    assert all(item[field] == expected for item in items)


async def test_filters_combine_with_and(gateway: Gateway) -> None:
    everything = await list_items(gateway, filter={"statuses": ALL_STATUSES}, first=100)
    some = everything["data"]["workItems"]["items"][0]
    narrowed = {"resourceType": some["resourceType"], "resourceId": some["resourceId"]}
    body = await list_items(
        gateway, sourceIds=[some["sourceId"]], filter={"statuses": ALL_STATUSES, **narrowed}
    )
    items = body["data"]["workItems"]["items"]
    assert some["upstreamId"] in [i["upstreamId"] for i in items]
    assert all(i["resourceId"] == some["resourceId"] for i in items)
    everything_total = everything["data"]["workItems"]["totalCount"]
    assert body["data"]["workItems"]["totalCount"] < everything_total


async def test_a_buyer_customer_id_of_2_pow_53_minus_1_round_trips_exactly(
    gateway: Gateway,
) -> None:
    for given in (MAX_SAFE_INTEGER, str(MAX_SAFE_INTEGER)):
        body = await list_items(
            gateway, filter={"statuses": ALL_STATUSES, "buyerCustomerId": given}
        )
        items = body["data"]["workItems"]["items"]
        assert items
        assert {i["buyerCustomerId"] for i in items} == {MAX_SAFE_INTEGER}


async def test_a_buyer_customer_id_beyond_2_pow_53_is_refused(gateway: Gateway) -> None:
    body = await list_items(gateway, filter={"buyerCustomerId": MAX_SAFE_INTEGER + 1})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_items_without_status_and_kind_on_the_wire_take_them_from_a_pinning_filter(
    gateway: Gateway,
) -> None:
    unpinned = await list_items(gateway, filter={"statuses": ALL_STATUSES}, first=100)
    nameless = [i for i in unpinned["data"]["workItems"]["items"] if i["statusRaw"] is None]
    assert nameless, "the sandbox seeds items that omit status and kind"
    assert all((i["status"], i["kind"]) == ("UNKNOWN", "UNKNOWN") for i in nameless)
    pinned = await list_items(
        gateway, filter={"statuses": ["BLOCKED"], "kind": "GENERAL"}, first=100
    )
    items = pinned["data"]["workItems"]["items"]
    assert items
    assert {(i["status"], i["statusRaw"], i["kind"]) for i in items} == {
        ("BLOCKED", "BLOCKED", "GENERAL")
    }


async def test_one_failing_source_is_reported_without_sinking_the_others(
    gateway: Gateway,
) -> None:
    await gateway.fault("interchange", status=500, path_prefix=source_prefix("ctv-modular"))
    body = await list_items(gateway)
    result = body["data"]["workItems"]
    by_source = {s["sourceId"]: s for s in result["sources"]}
    assert by_source["ctv-modular"]["ok"] is False
    assert by_source["ctv-modular"]["errorCode"] == "UPSTREAM_UNAVAILABLE"
    assert by_source["ctv-modular"]["totalCount"] is None
    assert by_source["retail-modular"]["ok"] and by_source["audio-modular"]["ok"]
    assert {i["sourceId"] for i in result["items"]} == {"retail-modular", "audio-modular"}
    (error,) = body["errors"]
    assert error["extensions"]["source"] == "interchange"
    assert error["path"] == ["workItems", "sources", 1, "totalCount"]


async def test_an_unknown_source_is_a_not_found_entry(gateway: Gateway) -> None:
    body = await list_items(gateway, sourceIds=["retail-modular", "no-such-source"])
    entry = body["data"]["workItems"]["sources"][1]
    assert entry == {
        "sourceId": "no-such-source",
        "ok": False,
        "errorCode": "NOT_FOUND",
        "totalCount": None,
        "returnedCount": 0,
    }


async def test_when_every_source_fails_the_field_is_null_with_the_error(
    gateway: Gateway,
) -> None:
    body = await list_items(gateway, sourceIds=["nowhere"])
    assert body["data"]["workItems"] is None
    assert body["errors"][0]["extensions"]["code"] == "NOT_FOUND"


async def test_no_source_ids_reads_the_configured_default_sources(gateway: Gateway) -> None:
    none_given: list[list[str] | None] = [[], None]
    for none_named in none_given:
        body = await list_items(gateway, sourceIds=none_named)
        sources = body["data"]["workItems"]["sources"]
        assert [s["sourceId"] for s in sources] == SOURCES


async def test_an_unknown_status_or_kind_is_refused_as_a_filter_before_any_call(
    gateway: Gateway,
) -> None:
    for filter_ in ({"statuses": ["OPEN", "UNKNOWN"]}, {"kind": "UNKNOWN"}):
        body = await list_items(gateway, filter=filter_)
        assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
        assert calls(body, "interchange") == []


async def test_no_source_ids_and_no_defaults_is_refused(make_gateway: MakeGateway) -> None:
    # A configured base URL keeps the section's own (empty) defaults instead of the sandbox's.
    settings = InterchangeSettings(base_url="http://interchange.invalid", api_key="scope3_x_y")
    gw: Gateway = await make_gateway(sandbox_settings(interchange=settings))
    body = await list_items(gw, sourceIds=[])
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert calls(body) == []


async def test_empty_filter_strings_are_refused_before_any_call(gateway: Gateway) -> None:
    body = await list_items(gateway, filter={"resourceId": ""})
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert calls(body, "interchange") == []
