"""What `workItems` answers: the merged items, and how each inventory source answered."""

from __future__ import annotations

import strawberry

from gateway.errors import GatewayError
from schema.graph.scalars import SafeInt
from schema.interchange.types import WorkItem


@strawberry.type(description="How one inventory source answered a `workItems` query.")
class WorkItemSourceResult:
    source_id: strawberry.ID = strawberry.field(description="The inventory source asked.")
    ok: bool = strawberry.field(description="False when the source could not be read.")
    error_code: str | None = strawberry.field(
        description="The failure's `extensions.code` when the source could not be read."
    )
    returned_count: int = strawberry.field(
        description="How many of this source's items are in `items`."
    )
    _total: strawberry.Private[int | None]
    _error: strawberry.Private[GatewayError | None]

    @strawberry.field(
        description="How many items of this source match; null (with an error naming the "
        "source) when it failed."
    )
    def total_count(self) -> SafeInt | None:
        if self._error is not None:
            raise self._error
        return SafeInt(self._total) if self._total is not None else None


@strawberry.type(description="Work items of several inventory sources, merged.")
class WorkItemList:
    items: list[WorkItem] = strawberry.field(
        description="Oldest first (createdAt, then source and id), at most `first` in all."
    )
    total_count: SafeInt = strawberry.field(
        description="How many items match across the sources that answered; the upstream has "
        "no offset, so narrow the filter to reach items beyond `first`."
    )
    returned_count: int = strawberry.field(description="How many items are in `items`.")
    has_more: bool = strawberry.field(description="Whether `totalCount` exceeds `returnedCount`.")
    sources: list[WorkItemSourceResult] = strawberry.field(
        description="How each inventory source answered, in the order asked."
    )
