"""Reading send tasks: filters, pagination, field mapping, batching."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls, gid

TASKS = """
query Tasks($filter: SendTaskFilterInput, $first: Int!, $after: String) {
  sendTasks(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { upstreamId status statusRaw deliveryType createdAt } }
  }
}
"""

TASK = """
query Task($id: ID!) {
  sendTask(id: $id) {
    upstreamId status statusRaw deliverable deliveryType deliveryTypeRaw priority
    sendDate sendDateRaw sentOn sentOnRaw sentAt sentAtRaw ackStatusMessage messageId batchId
    createdBy
    createdAt updatedAt
  }
}
"""

FIVE_TASKS = """
{
  a: sendTask(id: "U2VuZFRhc2s6NTAwMA==") { upstreamId }
  b: sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId }
  c: sendTask(id: "U2VuZFRhc2s6NTAwMg==") { upstreamId }
  d: sendTask(id: "U2VuZFRhc2s6NTAwMw==") { upstreamId }
  missing: sendTask(id: "U2VuZFRhc2s6OTk5OTk5") { upstreamId }
}
"""

WITH_RELATED = """
query Related($first: Int!) {
  sendTasks(first: $first) {
    edges { node {
      upstreamId
      product { upstreamId name upcCode status statusRaw releaseDate productionYear }
      dspUploadIdentification { upstreamId dspName options { name value } }
    } }
  }
}
"""

PRODUCT_TASKS = """
query ProductTasks($productId: ID!) {
  sendTasks(filter: {productUpstreamId: $productId}, first: 100) {
    edges { node { upstreamId product { upstreamId } } }
  }
}
"""

DSP_TASKS = """
query DspTasks($dsp: ID!) {
  sendTasks(filter: {dspUploadIdentificationUpstreamId: $dsp}, first: 100) {
    edges { node { upstreamId dspUploadIdentification { upstreamId } } }
  }
}
"""


def nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [e["node"] for e in body["data"]["sendTasks"]["edges"]]


async def test_walking_all_pages_yields_every_task_once_in_upstream_order(
    gateway: Gateway,
) -> None:
    seen: list[str] = []
    after = None
    for _ in range(10):
        body = await gateway.gql(TASKS, {"first": 7, "after": after})
        seen += [n["upstreamId"] for n in nodes(body)]
        page = body["data"]["sendTasks"]["pageInfo"]
        if not page["hasNextPage"]:
            break
        after = page["endCursor"]
    assert seen == [str(5000 + i) for i in range(60)]
    assert body["data"]["sendTasks"]["totalCount"] == 60


async def test_a_page_is_one_upstream_call_with_page_number_and_size(gateway: Gateway) -> None:
    body = await gateway.gql(TASKS, {"first": 25})
    listed = [c for c in calls(body, "limbobeat") if c["path"].endswith("/api/v1/send-tasks")]
    assert len(listed) == 1
    assert len(nodes(body)) == 25


async def test_upstream_ids_filter_returns_only_those_tasks(gateway: Gateway) -> None:
    by_id = {"upstreamIds": ["5003", "5001", "77"]}
    body = await gateway.gql(TASKS, {"first": 10, "filter": by_id})
    assert [n["upstreamId"] for n in nodes(body)] == ["5001", "5003"]


async def test_statuses_filter_maps_processing_to_the_misspelt_wire_value(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(TASKS, {"first": 100, "filter": {"statuses": ["PROCESSING"]}})
    found = nodes(body)
    assert found
    assert {(n["status"], n["statusRaw"]) for n in found} == {("PROCESSING", "procesing")}


async def test_statuses_filter_accepts_several(gateway: Gateway) -> None:
    body = await gateway.gql(TASKS, {"first": 100, "filter": {"statuses": ["COMPLETED", "ERROR"]}})
    assert {n["status"] for n in nodes(body)} == {"COMPLETED", "ERROR"}


async def test_delivery_type_filter(gateway: Gateway) -> None:
    body = await gateway.gql(TASKS, {"first": 100, "filter": {"deliveryType": "DELETE"}})
    found = nodes(body)
    assert found
    assert {n["deliveryType"] for n in found} == {"DELETE"}
    assert body["data"]["sendTasks"]["totalCount"] == len(found) < 60


async def test_product_filter(gateway: Gateway) -> None:
    body = await gateway.gql(PRODUCT_TASKS, {"productId": "102"})
    found = nodes(body)
    assert found
    assert {n["product"]["upstreamId"] for n in found} == {"102"}


async def test_dsp_upload_identification_filter(gateway: Gateway) -> None:
    body = await gateway.gql(DSP_TASKS, {"dsp": "1871"})
    found = nodes(body)
    assert found
    assert {n["dspUploadIdentification"]["upstreamId"] for n in found} == {"1871"}


async def test_created_after_and_before_bound_the_days_inclusively(gateway: Gateway) -> None:
    window = {"createdAfter": "2026-10-25", "createdBefore": "2026-10-27"}
    body = await gateway.gql(TASKS, {"first": 100, "filter": window})
    days = {n["createdAt"][:10] for n in nodes(body)}
    assert days == {"2026-10-25", "2026-10-26", "2026-10-27"}


async def test_every_wire_status_maps_to_its_enum(gateway: Gateway) -> None:
    expected = {
        "5000": ("PENDING", "pending"),
        "5001": ("WAITING", "waiting"),
        "5002": ("PROCESSING", "procesing"),
        "5003": ("COMPLETED", "completed"),
        "5004": ("ERROR", "error"),
    }
    for task_id, (status, raw) in expected.items():
        task = (await gateway.gql(TASK, {"id": gid("SendTask", task_id)}))["data"]["sendTask"]
        assert (task["status"], task["statusRaw"]) == (status, raw)


async def test_send_date_is_read_as_utc_and_sent_on_digits_are_parsed(gateway: Gateway) -> None:
    task = (await gateway.gql(TASK, {"id": gid("SendTask", "5003")}))["data"]["sendTask"]
    assert " " in task["sendDateRaw"]
    assert task["sendDate"].startswith(task["sendDateRaw"].replace(" ", "T"))
    assert task["sendDate"].endswith("+00:00")
    raw = task["sentOnRaw"]
    assert len(raw) == 17
    assert task["sentOn"].startswith(f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}T{raw[8:10]}:{raw[10:12]}")
    # `sent-at` is always null in limbo/Beat's examples, and so in the sandbox.
    assert task["sentAt"] is None and task["sentAtRaw"] is None
    assert task["ackStatusMessage"] == {"FileStatus": ["FileOK"]}
    assert task["messageId"].startswith("PADPIDA")


async def test_sibling_send_task_lookups_are_one_filter_request(gateway: Gateway) -> None:
    body = await gateway.gql(FIVE_TASKS)
    assert body["data"]["a"] == {"upstreamId": "5000"}
    assert body["data"]["missing"] is None
    assert "errors" not in body
    listed = [c for c in calls(body, "limbobeat") if "/api/v1/" in c["path"]]
    assert len(listed) == 1
    assert listed[0]["batchSize"] == 5


async def test_products_of_fifty_tasks_cost_one_products_request(gateway: Gateway) -> None:
    body = await gateway.gql(WITH_RELATED, {"first": 50})
    found = nodes(body)
    assert len(found) == 50
    assert all(n["product"]["name"].startswith("Release ") for n in found)
    assert all(n["dspUploadIdentification"]["dspName"] for n in found)
    paths = [c["path"].split("/api/v1")[-1] for c in calls(body, "limbobeat")]
    assert paths.count("/products") == 1
    assert paths.count("/dsp-upload-identifications") == 1


async def test_a_missing_send_task_is_null_without_error(gateway: Gateway) -> None:
    body = await gateway.gql(TASK, {"id": gid("SendTask", "424242")})
    assert body["data"]["sendTask"] is None
    assert "errors" not in body


async def test_a_foreign_cursor_is_refused_as_bad_input(gateway: Gateway) -> None:
    body = await gateway.gql(TASKS, {"first": 5, "after": "bm90LWEtY3Vyc29y"})
    assert body["data"]["sendTasks"] is None
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
