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


@strawberry.input(description="Filters of `sendTasks`; all given ones must match.")
class SendTaskFilterInput:
    ids: list[strawberry.ID] | None = None
    product_id: strawberry.ID | None = None
    statuses: list[SendTaskStatus] | None = None
    delivery_type: SendTaskDeliveryType | None = None
    dsp_upload_identification_id: strawberry.ID | None = None
    created_after: dt.date | None = strawberry.field(
        default=None, description="Created on or after this day (UTC)."
    )
    created_before: dt.date | None = strawberry.field(
        default=None, description="Created on or before this day (UTC)."
    )

    def to_filter(self) -> SendTaskFilter:
        if len(self.ids or ()) > MAX_FILTER_IDS:
            raise BadUserInput(
                f"`filter.ids` takes at most {MAX_FILTER_IDS} ids", argument="filter.ids"
            )
        return SendTaskFilter(
            ids=[str(i) for i in self.ids or ()],
            product_id=str(self.product_id) if self.product_id is not None else None,
            statuses=[status_to_wire(s) for s in self.statuses or ()],
            delivery_type=delivery_type_to_wire(self.delivery_type)
            if self.delivery_type is not None
            else None,
            dsp_upload_identification_id=str(self.dsp_upload_identification_id)
            if self.dsp_upload_identification_id is not None
            else None,
            created_at_gte=self.created_after.isoformat() if self.created_after else None,
            created_at_lte=self.created_before.isoformat() if self.created_before else None,
        )


@strawberry.input(description="A new delivery of one product to one DSP.")
class CreateSendTaskInput:
    product_id: strawberry.ID
    dsp_upload_identification_id: strawberry.ID
    delivery_type: SendTaskDeliveryType
    deliverable: bool = strawberry.field(
        default=True, description="True starts the delivery at once; false leaves it PENDING."
    )
    sent_on_behalf_of_name: str | None = None
    sent_on_behalf_of_dpid: str | None = None


@strawberry.input(description="Changes to a send task; omitted fields keep their value.")
class UpdateSendTaskInput:
    deliverable: bool | None = None
    delivery_type: SendTaskDeliveryType | None = None
    status: SendTaskStatus | None = None
