"""What other sources' objects may link to: every registered source's `Link`s, and their union.

Made from the registered sources, so only modules loaded after them import it; a field returning
`LinkedResource` names it lazily (`strawberry.lazy`), as `WorkItem.resource` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, TypeAlias, Union

import strawberry

from schema.graph.links import Link
from schema.sources import SCHEMAS

# Interchange's `resourceType` is a free string (reference: WorkItemSummary); these are the
# values that name something a source of the graph serves, after `normal_resource_type`.
RESOURCE_LINKS: dict[str, Link] = {link.kind: link for s in SCHEMAS for link in s.links}
if len(RESOURCE_LINKS) != sum(len(s.links) for s in SCHEMAS):
    raise ValueError("two registered sources serve the same kind of linked resource")


def _name(member: type) -> str:
    return member.__name__


if TYPE_CHECKING:
    # Its members exist only at run time: whatever a link loads.
    LinkedResource: TypeAlias = object
else:
    # Members by type name, so a registration's place in the list does not move them.
    LinkedResource = Annotated[
        Union[tuple(sorted({link.type for link in RESOURCE_LINKS.values()}, key=_name))],  # noqa: UP007
        strawberry.union(
            "LinkedResource", description="Something a work item is about that the graph serves."
        ),
    ]
