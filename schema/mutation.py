"""The root Mutation: the mixin of each registered source that writes (`schema/sources.py`)."""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.query import by_name
from schema.sources import SCHEMAS

# The root fields' order in the SDL that `schema.graphql` fixes: the mixins by class name.
MUTATION_MIXINS: tuple[type, ...] = by_name([s.mutations for s in SCHEMAS if s.mutations])

Mutation = merge_types("Mutation", MUTATION_MIXINS)
# `merge_types` takes no description; the root's is set on the definition it built.
Mutation.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Everything the gateway writes. Each mutation takes one `input` and answers with a payload "
    "whose `userErrors` list what was refused; writes are never retried."
)
