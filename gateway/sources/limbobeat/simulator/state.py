"""The limbo/Beat sandbox's state: products, DSP upload identifications, send tasks, lifecycle.

Part of the simulator (reference: shared/upstreams/send-tasks.md).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from gateway.sandbox.clock import SandboxClock

JSON_API = "application/vnd.api+json"
API = "/api/v1"
STATUSES = ("pending", "waiting", "procesing", "completed", "error")
IN_PROGRESS = ("pending", "waiting", "procesing")
DELIVERY_TYPES = ("delivery", "update", "redelivery", "delete")
# The related resources of a send task, by relationship name (reference: SendTask resource).
RELATED = {"product": "products", "dsp-upload-identification": "dsp-upload-identifications"}
# Sandbox seconds a delivery spends in each moving stage (ASSUMPTION: the reference gives no
# durations); tests move the clock with POST /sandbox/_clock/advance.
WAITING_S = 60
PROCESSING_S = 120


IncludeMode = Literal["ignore", "honour", "reject"]


@dataclass
class Linkage:
    """What the sandbox puts in a send task's `relationships`, and what it does with `include`.

    Switched by `PUT /_sandbox/linkage` (linkage.py); the defaults are the reference's reading.
    """

    # False: links only, as the reference's examples (the stricter reading).
    relationship_data: bool = False
    include: IncludeMode = "ignore"

    def data_names(self, includes: Sequence[str] = ()) -> tuple[str, ...]:
        """The relationships whose `data` an answer carries."""
        return tuple(RELATED) if self.relationship_data else tuple(includes)


def iso(moment: datetime) -> str:
    """Laravel's microsecond UTC timestamps, e.g. `2023-08-11T20:50:01.000000Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class Product:
    id: str
    attributes: dict[str, Any]

    def resource(self) -> dict[str, Any]:
        return {
            "type": "products",
            "id": self.id,
            "attributes": self.attributes,
            "links": {"self": f"{API}/products/{self.id}"},
        }


@dataclass
class DspUploadIdentification:
    id: str
    dsp_name: str
    created_at: datetime

    def resource(self) -> dict[str, Any]:
        base = f"{API}/dsp-upload-identifications/{self.id}"
        return {
            "type": "dsp-upload-identifications",
            "id": self.id,
            "attributes": {
                "dsp-name": self.dsp_name,
                "options": [
                    {
                        "name": "territories",
                        "label": "Territories",
                        "hint": "ISO codes, comma separated",
                        "format": "string",
                        "type": "text",
                        "value": "WW",
                    }
                ],
                "created-at": iso(self.created_at),
                "updated-at": iso(self.created_at),
            },
            "relationships": {
                "dsp": {"links": {"related": f"{base}/dsp", "self": f"{base}/relationships/dsp"}}
            },
            "links": {"self": base},
        }


@dataclass
class SendTask:
    id: str
    product_id: str
    dsp_id: str
    deliverable: bool
    delivery_type: str
    status: str
    created_at: datetime
    updated_at: datetime
    attributes: dict[str, Any] = field(default_factory=dict)
    # When the current moving stage began; None: the task does not move by itself.
    stage_since: datetime | None = None

    @property
    def in_progress(self) -> bool:
        return self.status in IN_PROGRESS

    def resource(self, with_data: Sequence[str] = ()) -> dict[str, Any]:
        """The resource; relationships named in `with_data` carry resource linkage (`data`)."""
        base = f"{API}/send-tasks/{self.id}"
        related = {"product": ("products", self.product_id)}
        related["dsp-upload-identification"] = ("dsp-upload-identifications", self.dsp_id)
        return {
            "type": "send-tasks",
            "id": self.id,
            "attributes": {
                "deliverable": self.deliverable,
                "delivery-type": self.delivery_type,
                "status": self.status,
                "priority": "normal",
                **self.attributes,
                "created-at": iso(self.created_at),
                "updated-at": iso(self.updated_at),
            },
            # Links only by default, as the reference shows; `linkage.py` switches `data` on.
            "relationships": {
                name: {
                    "links": {"related": f"{base}/{name}", "self": f"{base}/relationships/{name}"}
                }
                | ({"data": {"type": kind, "id": rid}} if name in with_data else {})
                for name, (kind, rid) in related.items()
            },
            "links": {"self": base},
        }

    def start(self, now: datetime, stage: str) -> None:
        """Enter `stage`; a deliverable task in a moving stage then advances on the clock."""
        self.status = stage
        self.updated_at = now
        moving = self.deliverable and stage in ("waiting", "procesing")
        self.stage_since = now if moving else None
        if stage == "waiting" and self.attributes.get("send-date") is None:
            self.attributes["send-date"] = now.strftime("%Y-%m-%d %H:%M:%S")

    def settle(self, now: datetime) -> None:
        """Move `waiting` -> `procesing` -> `completed`/`error` as sandbox time passes."""
        while self.stage_since is not None:
            if self.status == "waiting" and now - self.stage_since >= timedelta(seconds=WAITING_S):
                self.stage_since += timedelta(seconds=WAITING_S)
                self.status, self.updated_at = "procesing", self.stage_since
            elif self.status == "procesing" and now - self.stage_since >= timedelta(
                seconds=PROCESSING_S
            ):
                self.finish(self.stage_since + timedelta(seconds=PROCESSING_S))
            else:
                return

    def finish(self, at: datetime) -> None:
        # Every seventh task fails, so both terminal states show up deterministically.
        ok = int(self.id) % 7 != 0
        self.status, self.updated_at, self.stage_since = ("completed" if ok else "error"), at, None
        self.attributes |= {
            "batch-id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"batch:{self.id}")),
            "message-id": f"PADPIDA{int(self.id):010d}",
            "ack-status-message": {"FileStatus": ["FileOK" if ok else "FileRejected"]},
            "sent-by": "robot",
        }


@dataclass
class Store:
    """Everything the sandbox upstream holds; reads settle the lifecycle first."""

    clock: SandboxClock
    products: dict[str, Product]
    dsps: dict[str, DspUploadIdentification]
    tasks: dict[str, SendTask]
    linkage: Linkage = field(default_factory=lambda: Linkage())

    def task(self, task_id: str) -> SendTask | None:
        task = self.tasks.get(task_id)
        if task is not None:
            task.settle(self.clock.now())
        return task

    def all_tasks(self) -> list[SendTask]:
        now = self.clock.now()
        for task in self.tasks.values():
            task.settle(now)
        # Ordering is undocumented; ascending id (reference: ASSUMPTION).
        return sorted(self.tasks.values(), key=lambda t: int(t.id))

    def next_task_id(self) -> str:
        return str(max((int(i) for i in self.tasks), default=4999) + 1)
