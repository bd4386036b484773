"""limbo/Beat's writes: create and update send tasks under both business rules; no deletes.

Part of the simulator (reference: shared/upstreams/send-tasks.md, Create / Update / Delete).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from gateway.sandbox.wire import json_or
from gateway.sources.limbobeat.simulator.responses import (
    document,
    error_document,
    problems,
    unprocessable,
)
from gateway.sources.limbobeat.simulator.state import (
    API,
    DELIVERY_TYPES,
    RELATED,
    STATUSES,
    SendTask,
    Store,
)

NOT_ACTIVE = "The product must be active to be delivered, except for delete deliveries."
DUPLICATE = "A send task for this product, DSP and delivery type is already in progress."


def _data(body: Any, task_id: str | None = None) -> tuple[dict[str, Any], Response | None]:
    data = body.get("data") if isinstance(body, dict) else None
    if not isinstance(data, dict):
        return {}, unprocessable("The data member is required.", "/data")
    if data.get("type") != "send-tasks":
        return {}, error_document(
            409, "Conflict", "Resource type does not match.", pointer="/data/type"
        )
    # The body's id must name the resource of the path (ASSUMPTION: JSON:API convention).
    if task_id is not None and str(data.get("id")) != task_id:
        return {}, error_document(
            409, "Conflict", "Resource id does not match.", pointer="/data/id"
        )
    return data, None


def _object(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _attributes(attrs: Any, *, create: bool) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    attrs = attrs if isinstance(attrs, dict) else {}
    checks: dict[str, Callable[[Any], bool]] = {
        "deliverable": lambda v: isinstance(v, bool),
        "delivery-type": lambda v: v in DELIVERY_TYPES,
        "status": lambda v: v in STATUSES,
        "sent-on-behalf-of-name": lambda v: v is None or isinstance(v, str),
        "sent-on-behalf-of-dpid": lambda v: v is None or isinstance(v, str),
    }
    for name, valid in checks.items():
        if name not in attrs:
            if create and name in ("deliverable", "delivery-type"):
                errors.append((f"/data/attributes/{name}", f"The {name} field is required."))
            continue
        if (create and name == "status") or not valid(attrs[name]):
            errors.append((f"/data/attributes/{name}", f"The selected {name} is invalid."))
    return errors


def _related_ids(
    store: Store, data: dict[str, Any]
) -> tuple[dict[str, str], list[tuple[str, str]]]:
    ids: dict[str, str] = {}
    errors: list[tuple[str, str]] = []
    relationships = data.get("relationships")
    relationships = relationships if isinstance(relationships, dict) else {}
    known: dict[str, dict[str, Any]] = {
        "product": store.products,
        "dsp-upload-identification": store.dsps,
    }
    for name, kind in RELATED.items():
        rel = relationships.get(name)
        target = rel.get("data") if isinstance(rel, dict) else None
        pointer = f"/data/relationships/{name}"
        if not isinstance(target, dict) or target.get("id") is None:
            errors.append((pointer, f"The {name} field is required."))
        elif target.get("type") != kind or str(target["id"]) not in known[name]:
            errors.append((pointer, f"The {name} does not exist."))
        else:
            ids[name] = str(target["id"])
    return ids, errors


def _rules(store: Store, task: SendTask, *, check_active: bool = True) -> Response | None:
    """The two business rules of the reference (Create), checked against the resulting task."""
    product = store.products[task.product_id]
    active = product.attributes["status"] == "active"
    if check_active and task.delivery_type != "delete" and not active:
        return unprocessable(NOT_ACTIVE, "/data/relationships/product")
    for other in store.all_tasks():
        same = (other.product_id, other.dsp_id, other.delivery_type) == (
            task.product_id,
            task.dsp_id,
            task.delivery_type,
        )
        if other.id != task.id and same and other.in_progress and task.in_progress:
            return unprocessable(DUPLICATE)
    return None


def create(store: Store, body: Any) -> Response:
    data, refused = _data(body)
    if refused is not None:
        return refused
    attrs = _object(data.get("attributes"))
    ids, related_errors = _related_ids(store, data)
    errors = _attributes(attrs, create=True) + related_errors
    if errors:
        return problems(errors)
    now = store.clock.now()
    task = SendTask(
        id=store.next_task_id(),
        product_id=ids["product"],
        dsp_id=ids["dsp-upload-identification"],
        deliverable=attrs["deliverable"],
        delivery_type=attrs["delivery-type"],
        status="pending",
        created_at=now,
        updated_at=now,
        attributes={
            "send-date": None,
            "batch-id": None,
            "ack-status-message": None,
            "sent-at": None,
            "packaged-by": None,
            "sent-by": None,
            "message-id": None,
            # Create and patch answers show a UUID here (reference: SendTask resource).
            "sent-on": str(uuid.uuid4()),
            "created-by": "api",
            "sent-on-behalf-of-name": attrs.get("sent-on-behalf-of-name"),
            "sent-on-behalf-of-dpid": attrs.get("sent-on-behalf-of-dpid"),
        },
    )
    if (broken := _rules(store, task)) is not None:
        return broken
    # deliverable=true starts delivery at once: the seed's create example answers `waiting`.
    task.start(now, "waiting" if task.deliverable else "pending")
    store.tasks[task.id] = task
    location = f"{API}/send-tasks/{task.id}"
    resource = task.resource(store.linkage.data_names())
    return document({"links": {"self": location}, "data": resource}, 201, Location=location)


def update(store: Store, task_id: str, body: Any) -> Response:
    task = store.task(task_id)
    if task is None:
        return error_document(404, "Not Found")
    data, refused = _data(body, task_id)
    if refused is not None:
        return refused
    attrs = _object(data.get("attributes"))
    if errors := _attributes(attrs, create=False):
        return problems(errors)
    before = (task.deliverable, task.delivery_type, task.status)
    task.deliverable = attrs.get("deliverable", task.deliverable)
    task.delivery_type = attrs.get("delivery-type", task.delivery_type)
    task.status = attrs.get("status", task.status)
    # The rules guard what a change would create; an unrelated edit of an old task passes.
    changed = (task.delivery_type, task.status) != before[1:]
    retyped = task.delivery_type != before[1] and task.in_progress
    if changed and (broken := _rules(store, task, check_active=retyped)) is not None:
        task.deliverable, task.delivery_type, task.status = before
        return broken
    now = store.clock.now()
    if "status" in attrs:
        # `status` is writable (reference: Update); a moving stage restarts its clock.
        task.start(now, task.status)
    elif task.deliverable and not before[0] and task.status == "pending":
        task.start(now, "waiting")
    task.updated_at = now
    task.attributes["sent-on"] = str(uuid.uuid4())
    resource = task.resource(store.linkage.data_names())
    return document({"links": {"self": f"{API}/send-tasks/{task.id}"}, "data": resource})


class Writes:
    """The POST, PATCH and DELETE endpoints over one `Store`."""

    def __init__(self, store: Store) -> None:
        self.store = store

    async def create_send_task(self, request: Request) -> Response:
        return create(self.store, await json_or(request))

    async def update_send_task(self, request: Request) -> Response:
        return update(self.store, request.path_params["task_id"], await json_or(request))

    async def delete_send_task(self, request: Request) -> Response:
        # Always refused, even for unknown ids (reference: Delete).
        return error_document(422, "Unprocessable Entity", "Cannot delete a send task")
