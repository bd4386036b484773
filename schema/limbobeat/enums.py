"""limbo/Beat's enums, and how their values read from and go to the wire."""

from __future__ import annotations

from enum import Enum

import strawberry

from gateway.errors import BadUserInput


@strawberry.enum(description="Where a send task is in its delivery lifecycle.")
class SendTaskStatus(Enum):
    PENDING = "pending"
    WAITING = "waiting"
    PROCESSING = "processing"
    COMPLETED = "completed"
    ERROR = "error"
    UNKNOWN = "unknown"


# The upstream spells `procesing` with one "s"; the correct spelling is accepted too.
STATUS_FROM_WIRE = {
    "pending": SendTaskStatus.PENDING,
    "waiting": SendTaskStatus.WAITING,
    "procesing": SendTaskStatus.PROCESSING,
    "processing": SendTaskStatus.PROCESSING,
    "completed": SendTaskStatus.COMPLETED,
    "error": SendTaskStatus.ERROR,
}
STATUS_TO_WIRE = {
    SendTaskStatus.PENDING: "pending",
    SendTaskStatus.WAITING: "waiting",
    SendTaskStatus.PROCESSING: "procesing",
    SendTaskStatus.COMPLETED: "completed",
    SendTaskStatus.ERROR: "error",
}


@strawberry.enum(description="What a send task does at the DSP.")
class SendTaskDeliveryType(Enum):
    DELIVERY = "delivery"
    UPDATE = "update"
    REDELIVERY = "redelivery"
    DELETE = "delete"
    UNKNOWN = "unknown"


DELIVERY_TYPE_FROM_WIRE = {t.value: t for t in SendTaskDeliveryType}


def delivery_type_to_wire(value: SendTaskDeliveryType) -> str:
    if value is SendTaskDeliveryType.UNKNOWN:
        raise BadUserInput("UNKNOWN is not a delivery type limbo/Beat accepts")
    return str(value.value)


def status_to_wire(value: SendTaskStatus) -> str:
    if value is SendTaskStatus.UNKNOWN:
        raise BadUserInput("UNKNOWN is not a status limbo/Beat accepts")
    return STATUS_TO_WIRE[value]


@strawberry.enum(description="Where a product is in limbo/Beat; only ACTIVE ones can be sent.")
class ProductStatus(Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    UNKNOWN = "unknown"
