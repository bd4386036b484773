"""Creating and updating send tasks; refusals come back as `userErrors`, not GraphQL errors.

No delete: limbo/Beat answers every DELETE with 422 (reference: Delete).
"""

from __future__ import annotations

from typing import Annotated

import strawberry

from gateway.callers.scopes import requires, write_scope
from gateway.context import Info
from gateway.errors import NotFound, UpstreamRejected
from gateway.sources.limbobeat.client import LimbobeatClient, NewSendTask, SendTaskChanges
from schema.graph.ids import node_key
from schema.graph.limits.cost import cost
from schema.graph.user_errors import (
    INPUT,
    UserError,
    input_error,
    nothing_to_update,
    unknown_value,
    user_errors_from,
)
from schema.limbobeat.enums import STATUS_TO_WIRE, SendTaskDeliveryType, SendTaskStatus
from schema.limbobeat.inputs import CreateSendTaskInput, UpdateSendTaskInput
from schema.limbobeat.types import SendTask

# What every mutation here requires: `limbobeat:write`, which `work:write` includes.
WRITE = write_scope("limbobeat")

# JSON:API pointer names (attributes and relationships) -> the input's field paths.
FIELD_PATHS = {
    "deliverable": ["input", "deliverable"],
    "delivery-type": ["input", "deliveryType"],
    "status": ["input", "status"],
    "product": ["input", "productUpstreamId"],
    "dsp-upload-identification": ["input", "dspUploadIdentificationUpstreamId"],
    "sent-on-behalf-of-name": ["input", "sentOnBehalfOfName"],
    "sent-on-behalf-of-dpid": ["input", "sentOnBehalfOfDpid"],
}


USER_ERRORS = "What limbo/Beat or the gateway refused; empty on success."


@strawberry.type(description="The outcome of `createSendTask`.")
class CreateSendTaskPayload:
    send_task: SendTask | None = strawberry.field(
        description="The new send task; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type(description="The outcome of `updateSendTask`.")
class UpdateSendTaskPayload:
    send_task: SendTask | None = strawberry.field(
        description="The send task as changed; null when `userErrors` says why not."
    )
    user_errors: list[UserError] = strawberry.field(description=USER_ERRORS)


@strawberry.type
class SendTasksMutation:
    @strawberry.mutation(
        metadata=cost(1),
        extensions=requires(WRITE),
        description="Create a send task; never retried by the gateway.",
    )
    async def create_send_task(
        self,
        info: Info,
        input: Annotated[CreateSendTaskInput, strawberry.argument(description=INPUT)],
    ) -> CreateSendTaskPayload | None:
        if input.delivery_type is SendTaskDeliveryType.UNKNOWN:
            return CreateSendTaskPayload(
                send_task=None, user_errors=[unknown_value("deliveryType", "delivery type to send")]
            )
        new = NewSendTask(
            product_id=str(input.product_upstream_id),
            dsp_upload_identification_id=str(input.dsp_upload_identification_upstream_id),
            delivery_type=input.delivery_type.value,
            deliverable=input.deliverable,
            sent_on_behalf_of_name=input.sent_on_behalf_of_name,
            sent_on_behalf_of_dpid=input.sent_on_behalf_of_dpid,
        )
        try:
            payload = await info.context.clients.get(LimbobeatClient).create_send_task(new)
        except UpstreamRejected as exc:
            return CreateSendTaskPayload(
                send_task=None, user_errors=user_errors_from(exc, FIELD_PATHS)
            )
        # Live subscriptions on limbo/Beat poll now rather than at their next interval.
        await info.context.wrote("limbobeat", payload.id)
        return CreateSendTaskPayload(send_task=SendTask.from_payload(payload), user_errors=[])

    @strawberry.mutation(
        metadata=cost(1),
        extensions=requires(WRITE),
        description="Change a send task's deliverable flag, type or status; with none of them "
        "given (or all null) nothing is sent and `userErrors` says NOTHING_TO_UPDATE.",
    )
    async def update_send_task(
        self,
        info: Info,
        input: Annotated[UpdateSendTaskInput, strawberry.argument(description=INPUT)],
    ) -> UpdateSendTaskPayload | None:
        key = node_key(input.id, SendTask, argument="input.id")
        if input.delivery_type is SendTaskDeliveryType.UNKNOWN:
            return UpdateSendTaskPayload(
                send_task=None, user_errors=[unknown_value("deliveryType", "delivery type to send")]
            )
        if input.status is SendTaskStatus.UNKNOWN:
            unknown = unknown_value("status", "status to send")
            return UpdateSendTaskPayload(send_task=None, user_errors=[unknown])
        changes = SendTaskChanges(
            deliverable=input.deliverable,
            delivery_type=input.delivery_type.value if input.delivery_type else None,
            status=STATUS_TO_WIRE[input.status] if input.status else None,
        )
        if changes.is_empty():
            nothing = nothing_to_update("deliverable, deliveryType, status")
            return UpdateSendTaskPayload(send_task=None, user_errors=[nothing])
        client = info.context.clients.get(LimbobeatClient)
        try:
            payload = await client.update_send_task(key, changes)
        except NotFound:
            missing = input_error("No send task has this id", "NOT_FOUND", "id")
            return UpdateSendTaskPayload(send_task=None, user_errors=[missing])
        except UpstreamRejected as exc:
            return UpdateSendTaskPayload(
                send_task=None, user_errors=user_errors_from(exc, FIELD_PATHS)
            )
        await info.context.wrote("limbobeat", payload.id)
        return UpdateSendTaskPayload(send_task=SendTask.from_payload(payload), user_errors=[])
