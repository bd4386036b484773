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
        "default, which hides COMPLETED and CANCELLED).",
    )
    kind: WorkItemKind | None = None
    resource_type: str | None = None
    resource_id: str | None = None
    media_buy_id: str | None = None
    buyer_customer_id: SafeInt | None = None

    def to_filter(self) -> WorkItemFilter:
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
