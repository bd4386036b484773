"""What callers give limbo/Beat's fields: the send task filter and the write inputs."""

from __future__ import annotations

import datetime as dt

import strawberry

from gateway.errors import BadUserInput
from gateway.sources.limbobeat.client import SendTaskFilter
from schema.limbobeat.enums import (
    SendTaskDeliveryType,
    SendTaskStatus,
    delivery_type_to_wire,
    status_to_wire,
)

# One page of ids per filter: the upstream's page-size cap (reference: page size, ASSUMPTION 200).
MAX_FILTER_IDS = 200


LIMBOBEAT_ID = "limbo/Beat's own id"


@strawberry.input(description="Filters of `sendTasks`; all given ones must match.")
class SendTaskFilterInput:
    upstream_ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=f"Only these send tasks, by {LIMBOBEAT_ID} (`upstreamId`); at most "
        f"{MAX_FILTER_IDS}.",
    )
    product_upstream_id: strawberry.ID | None = strawberry.field(
        default=None, description=f"Only deliveries of this product, by {LIMBOBEAT_ID}."
    )
    statuses: list[SendTaskStatus] | None = strawberry.field(
        default=None, description="Any of these statuses; UNKNOWN is refused."
    )
    delivery_type: SendTaskDeliveryType | None = strawberry.field(
        default=None, description="Only this delivery type; UNKNOWN is refused."
    )
    dsp_upload_identification_upstream_id: strawberry.ID | None = strawberry.field(
        default=None, description=f"Only deliveries to this DSP configuration, by {LIMBOBEAT_ID}."
    )
    created_after: dt.date | None = strawberry.field(
        default=None, description="Created on or after this day (UTC)."
    )
    created_before: dt.date | None = strawberry.field(
        default=None, description="Created on or before this day (UTC)."
    )

    def to_filter(self) -> SendTaskFilter:
        if len(self.upstream_ids or ()) > MAX_FILTER_IDS:
            raise BadUserInput(
                f"`filter.upstreamIds` takes at most {MAX_FILTER_IDS} ids",
                argument="filter.upstreamIds",
            )
        product = self.product_upstream_id
        dsp = self.dsp_upload_identification_upstream_id
        return SendTaskFilter(
            ids=[str(i) for i in self.upstream_ids or ()],
            product_id=str(product) if product is not None else None,
            statuses=[status_to_wire(s) for s in self.statuses or ()],
            delivery_type=delivery_type_to_wire(self.delivery_type)
            if self.delivery_type is not None
            else None,
            dsp_upload_identification_id=str(dsp) if dsp is not None else None,
            created_at_gte=self.created_after.isoformat() if self.created_after else None,
            created_at_lte=self.created_before.isoformat() if self.created_before else None,
        )


@strawberry.input(description="A new delivery of one product to one DSP.")
class CreateSendTaskInput:
    product_upstream_id: strawberry.ID = strawberry.field(
        description=f"The product to deliver, by {LIMBOBEAT_ID}; it must be ACTIVE unless the "
        "delivery type is DELETE."
    )
    dsp_upload_identification_upstream_id: strawberry.ID = strawberry.field(
        description=f"The DSP configuration to deliver to, by {LIMBOBEAT_ID}."
    )
    delivery_type: SendTaskDeliveryType = strawberry.field(
        description="What the delivery does at the DSP; UNKNOWN is refused (code INVALID)."
    )
    deliverable: bool = strawberry.field(
        default=True,
        description="True (default) starts the delivery at once; false leaves it PENDING.",
    )
    sent_on_behalf_of_name: str | None = strawberry.field(
        default=None, description="The contact party's name to send on behalf of."
    )
    sent_on_behalf_of_dpid: str | None = strawberry.field(
        default=None, description="The contact party's DDEX party id (DPID)."
    )


@strawberry.input(
    description="A send task to change; omitted fields keep their value, and so do null ones "
    "(limbo/Beat cannot clear any of them). At least one must be given: an update that changes "
    "nothing is refused (code NOTHING_TO_UPDATE) and not sent."
)
class UpdateSendTaskInput:
    id: strawberry.ID = strawberry.field(description="The send task's global id.")
    deliverable: bool | None = strawberry.field(
        default=None, description="True starts a PENDING delivery."
    )
    delivery_type: SendTaskDeliveryType | None = strawberry.field(
        default=None, description="A new delivery type; UNKNOWN is refused (code INVALID)."
    )
    status: SendTaskStatus | None = strawberry.field(
        default=None,
        description="A new status (limbo/Beat accepts any); UNKNOWN is refused (code INVALID).",
    )
