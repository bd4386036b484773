"""What callers give Interchange's fields: the `workItems` filter."""

from __future__ import annotations

import strawberry

from gateway.errors import BadUserInput
from gateway.sources.interchange.client import WorkItemFilter
from schema.graph.scalars import SafeInt
from schema.interchange.enums import WorkItemKind, WorkItemStatus


def _text(value: str | None, argument: str) -> str | None:
    # The upstream refuses empty strings (reference: endpoint 1, min length 1): refuse them first.
    if value is not None and not value:
        raise BadUserInput(f"`{argument}` must not be empty", argument=argument)
    return value


@strawberry.input(description="Filters of `workItems`; every given one must match (AND).")
class WorkItemFilterInput:
    statuses: list[WorkItemStatus] | None = strawberry.field(
        default=None,
        description="Any of these; none given: OPEN, IN_PROGRESS and BLOCKED (the upstream's "
        "default, which hides COMPLETED and CANCELLED). UNKNOWN is refused.",
    )
    kind: WorkItemKind | None = strawberry.field(
        default=None, description="Only items of this kind; UNKNOWN is refused."
    )
    resource_type: str | None = strawberry.field(
        default=None, description="Only items about this kind of resource; not empty."
    )
    resource_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only items about this resource; not empty."
    )
    media_buy_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only items of this media buy; not empty."
    )
    buyer_customer_id: SafeInt | None = strawberry.field(
        default=None, description="Only items of this buyer; 0 to 2^53-1."
    )

    def to_filter(self) -> WorkItemFilter:
        if WorkItemStatus.UNKNOWN in (self.statuses or ()):
            raise BadUserInput("UNKNOWN is not a status to filter by", argument="filter.statuses")
        if self.kind is WorkItemKind.UNKNOWN:
            raise BadUserInput("UNKNOWN is not a kind to filter by", argument="filter.kind")
        if self.buyer_customer_id is not None and self.buyer_customer_id < 0:
            raise BadUserInput(
                "`filter.buyerCustomerId` must not be negative", argument="filter.buyerCustomerId"
            )
        return WorkItemFilter(
            statuses=tuple(dict.fromkeys(s.value for s in self.statuses or ())),
            kind=self.kind.value if self.kind else None,
            resource_type=_text(self.resource_type, "filter.resourceType"),
            resource_id=_text(self.resource_id, "filter.resourceId"),
            media_buy_id=_text(self.media_buy_id, "filter.mediaBuyId"),
            buyer_customer_id=self.buyer_customer_id,
        )
