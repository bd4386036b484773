"""`workItem` and `completeWorkItem`: the detail read, and a write checked before it is sent."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls
from tests.interchange.helpers import ALL_STATUSES, sandbox_mode, source_prefix, work_item_id

WORK_ITEM = """
query WorkItem($id: ID!) {
  workItem(id: $id) {
    id upstreamId status kind payload result requiredResultFields
    events { id upstreamId workItem { id } eventType actorType notes createdAt }
  }
}
"""

NODE = """
query Node($id: ID!) { node(id: $id) { ... on WorkItem { upstreamId sourceId title } } }
"""

EVENT_NODES = """
query Events($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on WorkItemEvent { upstreamId eventType } }
}
"""

FIND = """
query Find($filter: WorkItemFilterInput) {
  workItems(sourceIds: ["retail-modular"], filter: $filter, first: 100) {
    items { id upstreamId status kind requiredResultFields }
  }
}
"""

COMPLETE = """
mutation Complete($id: ID!, $result: JSON, $notes: String) {
  completeWorkItem(input: {id: $id, result: $result, notes: $notes}) {
    workItem { upstreamId status completedAt result events { eventType notes } }
    userErrors { field message code }
  }
}
"""

SOURCE = "retail-modular"
OPEN_STATUSES = ALL_STATUSES[:3]


async def find(gw: Gateway, statuses: list[str], *, needs_fields: bool) -> dict[str, Any]:
    body = await gw.gql(FIND, {"filter": {"statuses": statuses}})
    items = body["data"]["workItems"]["items"]
    return next(i for i in items if bool(i["requiredResultFields"]) is needs_fields)


async def complete(gw: Gateway, item_id: str, **variables: Any) -> dict[str, Any]:
    return await gw.gql(COMPLETE, {"id": work_item_id(SOURCE, item_id), **variables})


def posts(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in calls(body, "interchange") if c["method"] == "POST"]


async def test_a_work_item_by_id_has_payload_result_and_events(gateway: Gateway) -> None:
    item = await find(gateway, ["BLOCKED"], needs_fields=True)
    body = await gateway.gql(WORK_ITEM, {"id": item["id"]})
    detail = body["data"]["workItem"]
    assert detail["id"] == item["id"] == work_item_id(SOURCE, item["upstreamId"])
    assert detail["payload"]["resource"]
    assert detail["requiredResultFields"] is None
    assert [e["eventType"] for e in detail["events"]] == ["CREATED", "BLOCKED"]
    assert all(e["workItem"] == {"id": item["id"]} for e in detail["events"])
    assert len(calls(body, "interchange")) == 1


async def test_an_event_is_refetched_by_its_global_id_from_its_items_detail(
    gateway: Gateway,
) -> None:
    item = await find(gateway, ["BLOCKED"], needs_fields=True)
    read = await gateway.gql(WORK_ITEM, {"id": item["id"]})
    listed = read["data"]["workItem"]["events"]

    body = await gateway.gql(EVENT_NODES, {"ids": [e["id"] for e in listed]})

    assert body["data"]["nodes"] == [
        {"id": e["id"], "upstreamId": e["upstreamId"], "eventType": e["eventType"]} for e in listed
    ]
    # The item's detail was read once: the refetch reuses it (WORK_ITEM_CACHE_TTL_S).
    assert len(calls(read, "interchange")) + len(calls(body, "interchange")) == 1


async def test_a_missing_work_item_is_null_not_an_error(gateway: Gateway) -> None:
    for source_id, item_id in ((SOURCE, "wi_nope"), ("no-such-source", "wi_10000")):
        body = await gateway.gql(WORK_ITEM, {"id": work_item_id(source_id, item_id)})
        assert body["data"]["workItem"] is None
        assert "errors" not in body


async def test_the_global_id_carries_the_source_and_refetches_the_item(gateway: Gateway) -> None:
    item = await find(gateway, ["OPEN"], needs_fields=True)
    body = await gateway.gql(NODE, {"id": item["id"]})
    assert body["data"]["node"]["upstreamId"] == item["upstreamId"]
    assert body["data"]["node"]["sourceId"] == SOURCE


async def test_a_missing_required_result_field_is_a_user_error_and_nothing_is_written(
    gateway: Gateway,
) -> None:
    item = await find(gateway, ["OPEN"], needs_fields=True)
    body = await complete(gateway, item["upstreamId"], result={"unrelated": 1})
    payload = body["data"]["completeWorkItem"]
    assert payload["workItem"] is None
    assert payload["userErrors"] == [
        {
            "field": ["input", "result", name],
            "message": f"`result.{name}` is required to complete this work item",
            "code": "REQUIRED",
        }
        for name in item["requiredResultFields"]
    ]
    assert posts(body) == []
    # The item's detail, then its list entry (the only place requiredResultFields appear).
    assert [c["method"] for c in calls(body, "interchange")] == ["GET", "GET"]


async def test_completing_records_the_result_and_a_completion_event(gateway: Gateway) -> None:
    item = await find(gateway, ["IN_PROGRESS"], needs_fields=True)
    result = {name: "yes" for name in item["requiredResultFields"]}
    body = await complete(gateway, item["upstreamId"], result=result, notes="looks right")
    payload = body["data"]["completeWorkItem"]
    assert payload["userErrors"] == []
    done = payload["workItem"]
    assert done["status"] == "COMPLETED"
    assert done["completedAt"] is not None
    assert done["result"] == result
    assert done["events"][-1] == {"eventType": "COMPLETED", "notes": "looks right"}
    assert len(posts(body)) == 1
    after = await gateway.gql(FIND, {"filter": {"statuses": ["COMPLETED"]}})
    assert item["upstreamId"] in [i["upstreamId"] for i in after["data"]["workItems"]["items"]]


async def test_completing_a_completed_or_cancelled_item_is_a_conflict(gateway: Gateway) -> None:
    for status in ("COMPLETED", "CANCELLED"):
        item = await find(gateway, [status], needs_fields=False)
        body = await complete(gateway, item["upstreamId"])
        payload = body["data"]["completeWorkItem"]
        assert payload["workItem"] is None
        assert [e["code"] for e in payload["userErrors"]] == ["CONFLICT"]
        assert len(posts(body)) == 1


async def test_an_upstream_validation_answer_is_a_user_error(gateway: Gateway) -> None:
    item = await find(gateway, OPEN_STATUSES, needs_fields=False)
    path = f"{source_prefix(SOURCE)}/modular/work-items/{item['upstreamId']}/complete"
    await gateway.fault("interchange", status=422, path_prefix=path)
    body = await complete(gateway, item["upstreamId"])
    errors = body["data"]["completeWorkItem"]["userErrors"]
    assert [e["code"] for e in errors] == ["VALIDATION_ERROR"]


async def test_a_failed_write_is_never_retried(gateway: Gateway) -> None:
    item = await find(gateway, OPEN_STATUSES, needs_fields=False)
    path = f"{source_prefix(SOURCE)}/modular/work-items/{item['upstreamId']}/complete"
    await gateway.fault("interchange", status=503, path_prefix=path)
    body = await complete(gateway, item["upstreamId"])
    assert body["data"]["completeWorkItem"] is None
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    assert len(posts(body)) == 1


async def test_unaccepted_terms_refuse_writes_but_not_reads(gateway: Gateway) -> None:
    await sandbox_mode(gateway, tosAccepted=False)
    item = await find(gateway, OPEN_STATUSES, needs_fields=False)
    body = await complete(gateway, item["upstreamId"])
    assert body["data"]["completeWorkItem"] is None
    assert body["errors"][0]["extensions"]["code"] == "TOS_ACCEPTANCE_REQUIRED"


async def test_a_result_that_is_not_an_object_is_refused_before_any_call(
    gateway: Gateway,
) -> None:
    body = await complete(gateway, "wi_10000", result=[1, 2])
    assert body["data"]["completeWorkItem"]["userErrors"][0]["field"] == ["input", "result"]
    assert calls(body, "interchange") == []
