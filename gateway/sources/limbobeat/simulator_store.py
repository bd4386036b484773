"""The limbo/Beat sandbox's state: products, DSP upload identifications, send tasks, lifecycle.

Part of the simulator (reference: shared/upstreams/send-tasks.md); imports nothing of the
gateway but the sandbox kit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from starlette.responses import JSONResponse, Response

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.world import World

JSON_API = "application/vnd.api+json"
API = "/api/v1"
STATUSES = ("pending", "waiting", "procesing", "completed", "error")
IN_PROGRESS = ("pending", "waiting", "procesing")
DELIVERY_TYPES = ("delivery", "update", "redelivery", "delete")
DSP_NAMES = (
    "Spotify",
    "Apple Music",
    "Deezer",
    "Amazon Music",
    "YouTube Music",
    "Tidal",
    "TikTok",
    "Pandora",
)
# Sandbox seconds a delivery spends in each moving stage (ASSUMPTION: the reference gives no
# durations); tests move the clock with POST /sandbox/_clock/advance.
WAITING_S = 60
PROCESSING_S = 120


def iso(moment: datetime) -> str:
    """Laravel's microsecond UTC timestamps, e.g. `2023-08-11T20:50:01.000000Z`."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def document(body: dict[str, Any], status: int = 200, **headers: str) -> Response:
    return JSONResponse(
        {"jsonapi": {"version": "1.0"}, **body},
        status_code=status,
        media_type=JSON_API,
        headers=headers or None,
    )


def error_document(status: int, title: str, detail: str | None = None, **source: str) -> Response:
    """One JSON:API error object; `status` is a string on this wire (reference: Errors)."""
    error: dict[str, Any] = {"status": str(status), "title": title}
    if detail:
        error["detail"] = detail
    if source:
        error["source"] = source
    return document({"errors": [error]}, status)


def unprocessable(detail: str, pointer: str | None = None) -> Response:
    if pointer is None:
        return error_document(422, "Unprocessable Entity", detail)
    return error_document(422, "Unprocessable Entity", detail, pointer=pointer)


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

    def resource(self) -> dict[str, Any]:
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
            # Decision (see the client's `related_id`): besides the links the reference shows,
            # the sandbox gives JSON:API resource linkage (`data`), which the spec allows; the
            # gateway reads it when present and falls back to the relationship endpoint.
            "relationships": {
                name: {
                    "data": {"type": kind, "id": rid},
                    "links": {"related": f"{base}/{name}", "self": f"{base}/relationships/{name}"},
                }
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


def seed_products(world: World) -> dict[str, Product]:
    rng = world.rng("limbobeat:products")
    products = {}
    for n, pid in enumerate(world.product_ids):
        # The first product is always active and the second always a draft, so tests can rely
        # on one of each; the rest are mostly active.
        status = (
            "active" if n == 0 else "draft" if n == 1 else rng.choice(("active",) * 4 + ("draft",))
        )
        release = world.anchor.date() + timedelta(days=rng.randint(-400, 60))
        products[pid] = Product(
            pid,
            {
                "name": f"Release {pid}",
                "upc-code": f"{rng.randint(10**11, 10**12 - 1)}",
                "release-date": release.isoformat(),
                "front-cover": f"https://covers.sandbox.limbobeat.test/{pid}.jpg",
                "copyright-line": f"(C) {release.year} Sandbox Records",
                "production-line": f"(P) {release.year} Sandbox Records",
                "production-year": release.year,
                "status": status,
                "created-at": iso(world.anchor - timedelta(days=500 - n)),
                "updated-at": iso(world.anchor - timedelta(days=10)),
            },
        )
    return products


def seed_dsps(world: World) -> dict[str, DspUploadIdentification]:
    ids = world.dsp_upload_identification_ids
    return {
        did: DspUploadIdentification(did, name, world.anchor - timedelta(days=900))
        for did, name in zip(ids, DSP_NAMES, strict=True)
    }


def seed_tasks(world: World) -> dict[str, SendTask]:
    """A snapshot of past deliveries; only tasks written through the API move on the clock."""
    rng = world.rng("limbobeat")
    tasks = {}
    ids = world.send_task_ids
    for n, task_id in enumerate(ids):
        created = world.anchor - timedelta(hours=6 * (len(ids) - n))
        # Cycle through the statuses first so every wire value exists in any sandbox size.
        status = STATUSES[n] if n < len(STATUSES) else rng.choice(STATUSES)
        done = status in ("completed", "error")
        sent = created + timedelta(hours=1)
        tasks[task_id] = SendTask(
            id=task_id,
            product_id=rng.choice(world.product_ids),
            dsp_id=rng.choice(world.dsp_upload_identification_ids),
            deliverable=status != "pending",
            delivery_type=rng.choice(DELIVERY_TYPES[:3] * 3 + DELIVERY_TYPES[3:]),
            status=status,
            created_at=created,
            updated_at=created + timedelta(minutes=rng.randint(1, 300)),
            attributes={
                "send-date": sent.strftime("%Y-%m-%d %H:%M:%S") if status != "pending" else None,
                "batch-id": str(uuid.UUID(int=rng.getrandbits(128))) if done else None,
                "ack-status-message": {
                    "FileStatus": ["FileOK" if status == "completed" else "FileRejected"]
                }
                if done
                else None,
                "sent-at": None,
                "packaged-by": "robot" if status != "pending" else None,
                "sent-by": "robot" if done else None,
                "message-id": f"PADPIDA{rng.randint(10**9, 10**10 - 1)}" if done else None,
                # Reads show 17 digits, yyyyMMddHHmmssSSS (reference: SendTask resource).
                "sent-on": sent.strftime("%Y%m%d%H%M%S%f")[:17],
                "created-by": "robot",
                "sent-on-behalf-of-name": None,
                "sent-on-behalf-of-dpid": None,
            },
        )
    return tasks


@dataclass
class Store:
    """Everything the sandbox upstream holds; reads settle the lifecycle first."""

    clock: SandboxClock
    products: dict[str, Product]
    dsps: dict[str, DspUploadIdentification]
    tasks: dict[str, SendTask]

    @classmethod
    def seeded(cls, world: World, clock: SandboxClock) -> Store:
        return cls(clock, seed_products(world), seed_dsps(world), seed_tasks(world))

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
