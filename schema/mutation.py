"""The root Mutation, merged from one mixin per source that writes: adding one is one line here."""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.interchange.mutations import WorkItemsMutation
from schema.limbobeat.mutations import SendTasksMutation
from schema.vionlabs.mutations import CatalogTasksMutation
from schema.xandr.mutations import InventoryListsMutation

# The root fields' order in the SDL that `schema.graphql` fixes: by name.
MUTATION_MIXINS: tuple[type, ...] = (
    CatalogTasksMutation,
    InventoryListsMutation,
    SendTasksMutation,
    WorkItemsMutation,
)

Mutation = merge_types("Mutation", MUTATION_MIXINS)
# `merge_types` takes no description; the root's is set on the definition it built.
Mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Everything the gateway writes. Each mutation takes one `input` and answers with a payload "
    "whose `userErrors` list what was refused; writes are never retried."
)
