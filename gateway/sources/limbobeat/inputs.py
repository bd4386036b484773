"""What the limbo/Beat client sends: collection filters and the bodies of its two writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SendTaskFilter:
    """The collection filters the upstream documents; None or empty means not filtered."""

    ids: Sequence[str] = ()
    product_id: str | None = None
    statuses: Sequence[str] = ()
    delivery_type: str | None = None
    dsp_upload_identification_id: str | None = None
    created_at_gte: str | None = None
    created_at_lte: str | None = None

    def params(self) -> list[tuple[str, str]]:
        # The array form `filter[id][]=…` works whether or not the upstream configured a list
        # delimiter; the comma form needs one (reference: batch lookup).
        pairs = [("filter[id][]", i) for i in self.ids]
        statuses = list(self.statuses)
        if "procesing" in statuses and "processing" not in statuses:
            # Asking for both spellings tolerates an upstream that fixes its typo.
            statuses.append("processing")
        pairs += [("filter[status][]", s) for s in statuses]
        single = {
            "filter[product-id]": self.product_id,
            "filter[delivery-type]": self.delivery_type,
            "filter[dsp-upload-identification-id]": self.dsp_upload_identification_id,
            "filter[created-at-gte]": self.created_at_gte,
            "filter[created-at-lte]": self.created_at_lte,
        }
        return pairs + [(k, v) for k, v in single.items() if v]


@dataclass(frozen=True)
class NewSendTask:
    """What `POST /send-tasks` takes (reference: Create)."""

    product_id: str
    dsp_upload_identification_id: str
    delivery_type: str
    deliverable: bool
    sent_on_behalf_of_name: str | None = None
    sent_on_behalf_of_dpid: str | None = None

    def document(self) -> dict[str, Any]:
        attributes: dict[str, Any] = {
            "deliverable": self.deliverable,
            "delivery-type": self.delivery_type,
            "sent-on-behalf-of-name": self.sent_on_behalf_of_name,
            "sent-on-behalf-of-dpid": self.sent_on_behalf_of_dpid,
        }
        related = {
            "product": {"data": {"type": "products", "id": self.product_id}},
            "dsp-upload-identification": {
                "data": {
                    "type": "dsp-upload-identifications",
                    "id": self.dsp_upload_identification_id,
                }
            },
        }
        return {
            "data": {
                "type": "send-tasks",
                "attributes": {k: v for k, v in attributes.items() if v is not None},
                "relationships": related,
            }
        }


@dataclass(frozen=True)
class SendTaskChanges:
    """What `PATCH /send-tasks/{id}` takes; None keeps the upstream's value (reference: Update)."""

    deliverable: bool | None = None
    delivery_type: str | None = None
    status: str | None = None

    def attributes(self) -> dict[str, Any]:
        given = {
            "deliverable": self.deliverable,
            "delivery-type": self.delivery_type,
            "status": self.status,
        }
        return {k: v for k, v in given.items() if v is not None}

    def is_empty(self) -> bool:
        return not self.attributes()

    def document(self, task_id: str) -> dict[str, Any]:
        return {"data": {"type": "send-tasks", "id": task_id, "attributes": self.attributes()}}
