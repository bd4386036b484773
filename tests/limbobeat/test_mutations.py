"""Creating and updating send tasks; upstream refusals come back as user errors."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls, gid

ACTIVE_PRODUCT = "100"
DRAFT_PRODUCT = "101"

CREATE = """
mutation Create($input: CreateSendTaskInput!) {
  createSendTask(input: $input) {
    sendTask { id upstreamId status statusRaw deliverable deliveryType sentOn sentOnRaw
               product { upstreamId } }
    userErrors { field message code }
  }
}
"""

UPDATE = """
mutation Update($input: UpdateSendTaskInput!) {
  updateSendTask(input: $input) {
    sendTask { upstreamId status statusRaw deliverable deliveryType }
    userErrors { field message code }
  }
}
"""

BUSY = """
query Busy($product: ID!) {
  sendTasks(
    filter: {productUpstreamId: $product, statuses: [PENDING, WAITING, PROCESSING]}, first: 100
  ) {
    edges { node { deliveryType dspUploadIdentification { upstreamId } } }
  }
}
"""

STATUS = "query S($id: ID!) { sendTask(id: $id) { status statusRaw sendDateRaw messageId } }"


async def free_dsp(gw: Gateway, product_id: str, delivery_type: str) -> str:
    """A DSP with no in-progress task for this product and delivery type in the seed."""
    body = await gw.gql(BUSY, {"product": product_id})
    busy = {
        e["node"]["dspUploadIdentification"]["upstreamId"]
        for e in body["data"]["sendTasks"]["edges"]
        if e["node"]["deliveryType"] == delivery_type
    }
    return next(str(d) for d in range(1870, 1878) if str(d) not in busy)


def new_task(product: str, dsp: str, kind: str = "DELIVERY", **more: Any) -> dict[str, Any]:
    return {
        "input": {
            "productUpstreamId": product,
            "dspUploadIdentificationUpstreamId": dsp,
            "deliveryType": kind,
            **more,
        }
    }


def update(upstream_id: str, **changes: Any) -> dict[str, Any]:
    return {"input": {"id": gid("SendTask", upstream_id), **changes}}


async def test_create_answers_the_new_task_waiting_and_is_one_post(gateway: Gateway) -> None:
    dsp = await free_dsp(gateway, ACTIVE_PRODUCT, "DELIVERY")
    body = await gateway.gql(CREATE, new_task(ACTIVE_PRODUCT, dsp))
    result = body["data"]["createSendTask"]
    assert result["userErrors"] == []
    task = result["sendTask"]
    assert (task["status"], task["deliverable"], task["deliveryType"]) == (
        "WAITING",
        True,
        "DELIVERY",
    )
    assert task["product"] == {"upstreamId": ACTIVE_PRODUCT}
    # Creates answer a UUID in sent-on: kept raw, no time read from it.
    assert len(task["sentOnRaw"]) == 36 and task["sentOn"] is None
    posts = [c for c in calls(body, "limbobeat") if c["method"] == "POST" and "api" in c["path"]]
    assert len(posts) == 1


async def test_a_created_task_walks_its_lifecycle_on_the_sandbox_clock(gateway: Gateway) -> None:
    dsp = await free_dsp(gateway, ACTIVE_PRODUCT, "REDELIVERY")
    body = await gateway.gql(CREATE, new_task(ACTIVE_PRODUCT, dsp, "REDELIVERY"))
    task_id = body["data"]["createSendTask"]["sendTask"]["id"]
    await gateway.advance_clock(61)
    seen = (await gateway.gql(STATUS, {"id": task_id}))["data"]["sendTask"]
    assert (seen["status"], seen["statusRaw"]) == ("PROCESSING", "procesing")
    await gateway.advance_clock(121)
    seen = (await gateway.gql(STATUS, {"id": task_id}))["data"]["sendTask"]
    assert seen["status"] in ("COMPLETED", "ERROR")
    assert seen["messageId"].startswith("PADPIDA") and seen["sendDateRaw"]


async def test_an_inactive_product_is_a_product_not_active_user_error(gateway: Gateway) -> None:
    body = await gateway.gql(CREATE, new_task(DRAFT_PRODUCT, "1870"))
    result = body["data"]["createSendTask"]
    assert result["sendTask"] is None
    assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
        (["input", "productUpstreamId"], "PRODUCT_NOT_ACTIVE")
    ]


async def test_an_inactive_product_may_still_be_deleted_at_the_dsp(gateway: Gateway) -> None:
    dsp = await free_dsp(gateway, DRAFT_PRODUCT, "DELETE")
    body = await gateway.gql(CREATE, new_task(DRAFT_PRODUCT, dsp, "DELETE"))
    assert body["data"]["createSendTask"]["userErrors"] == []


async def test_a_second_in_progress_task_is_a_duplicate_user_error(gateway: Gateway) -> None:
    dsp = await free_dsp(gateway, ACTIVE_PRODUCT, "UPDATE")
    first = await gateway.gql(CREATE, new_task(ACTIVE_PRODUCT, dsp, "UPDATE", deliverable=False))
    assert first["data"]["createSendTask"]["sendTask"]["status"] == "PENDING"
    second = await gateway.gql(CREATE, new_task(ACTIVE_PRODUCT, dsp, "UPDATE"))
    errors = second["data"]["createSendTask"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [(None, "DUPLICATE_IN_PROGRESS")]


async def test_unknown_related_ids_point_at_their_input_fields(gateway: Gateway) -> None:
    body = await gateway.gql(CREATE, new_task("999", "42"))
    errors = body["data"]["createSendTask"]["userErrors"]
    assert {(tuple(e["field"]), e["code"]) for e in errors} == {
        (("input", "productUpstreamId"), "NOT_FOUND"),
        (("input", "dspUploadIdentificationUpstreamId"), "NOT_FOUND"),
    }


async def test_a_refused_create_is_not_retried(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", status=503, times=1, path_prefix="/api/v1/send-tasks")
    body = await gateway.gql(CREATE, new_task(ACTIVE_PRODUCT, "1870"))
    assert body["data"]["createSendTask"] is None
    assert body["errors"][0]["extensions"]["code"] == "UPSTREAM_UNAVAILABLE"
    posts = [c for c in calls(body, "limbobeat") if c["method"] == "POST" and "api" in c["path"]]
    assert len(posts) == 1


async def test_update_making_a_pending_task_deliverable_starts_it(gateway: Gateway) -> None:
    body = await gateway.gql(UPDATE, update("5000", deliverable=True))
    result = body["data"]["updateSendTask"]
    assert result["userErrors"] == []
    assert (result["sendTask"]["status"], result["sendTask"]["deliverable"]) == ("WAITING", True)


async def test_update_writes_processing_with_the_wire_spelling(gateway: Gateway) -> None:
    body = await gateway.gql(UPDATE, update("5003", status="PROCESSING"))
    task = body["data"]["updateSendTask"]["sendTask"]
    assert (task["status"], task["statusRaw"]) == ("PROCESSING", "procesing")


async def test_update_of_a_missing_task_is_a_not_found_user_error(gateway: Gateway) -> None:
    body = await gateway.gql(UPDATE, update("424242", deliverable=False))
    errors = body["data"]["updateSendTask"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "id"], "NOT_FOUND")]


async def test_update_to_unknown_status_is_refused_before_any_call(gateway: Gateway) -> None:
    body = await gateway.gql(UPDATE, update("5003", status="UNKNOWN"))
    errors = body["data"]["updateSendTask"]["userErrors"]
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "status"], "INVALID")]
    assert calls(body, "limbobeat") == []


async def test_update_with_an_upstream_id_instead_of_a_global_id_is_bad_input(
    gateway: Gateway,
) -> None:
    body = await gateway.gql(UPDATE, {"input": {"id": "5003", "deliverable": False}})

    assert body["data"] == {"updateSendTask": None}
    [error] = body["errors"]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "argument": "input.id"}
    assert calls(body, "limbobeat") == []


async def test_an_update_that_changes_nothing_is_refused_and_nothing_is_sent(
    gateway: Gateway,
) -> None:
    before = await gateway.traffic("limbobeat")

    empty = await gateway.gql(UPDATE, update("5003"))
    nulls = await gateway.gql(UPDATE, update("5003", deliverable=None, status=None))

    for body in (empty, nulls):
        result = body["data"]["updateSendTask"]
        assert result["sendTask"] is None
        assert [(e["field"], e["code"]) for e in result["userErrors"]] == [
            (None, "NOTHING_TO_UPDATE")
        ]
        assert calls(body, "limbobeat") == []
    assert (await gateway.traffic("limbobeat"))["requests"] == before["requests"]
