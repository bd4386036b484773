"""limbo/Beat's enums, and how their values read from and go to the wire."""

from __future__ import annotations

from enum import Enum

from gateway.errors import BadUserInput
from schema.graph.described import graph_enum


@graph_enum(
    "Where a send task is in its delivery lifecycle.",
    PENDING="Created; delivery not started (`deliverable` is false).",
    WAITING="Delivery in progress, awaiting the DSP's acknowledgment.",
    PROCESSING="Delivery being processed (limbo/Beat spells it `procesing`).",
    COMPLETED="The DSP acknowledged the delivery (final).",
    ERROR="Delivery or acknowledgment failed (final).",
    UNKNOWN="A status this gateway does not know (see `statusRaw`); never accepted as input.",
)
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


@graph_enum(
    "What a send task does at the DSP.",
    DELIVERY="A first delivery of the product.",
    UPDATE="An update of a product delivered before.",
    REDELIVERY="The same delivery again.",
    DELETE="A takedown: the DSP removes the product (the product need not be ACTIVE).",
    UNKNOWN="A type this gateway does not know (see `deliveryTypeRaw`); never accepted as input.",
)
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


@graph_enum(
    "Where a product is in limbo/Beat; only ACTIVE ones can be sent.",
    DRAFT="Being prepared; cannot be sent yet.",
    ACTIVE="Validated and activated; can be sent.",
    UNKNOWN="A status this gateway does not know, or none (see `statusRaw`).",
)
class ProductStatus(Enum):
    DRAFT = "draft"
    ACTIVE = "active"
    UNKNOWN = "unknown"
