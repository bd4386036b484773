"""The root Mutation, merged from one mixin per domain: adding a domain is one line here."""

from __future__ import annotations

from strawberry.tools import merge_types

MUTATION_MIXINS: tuple[type, ...] = ()

Mutation = merge_types("Mutation", MUTATION_MIXINS) if MUTATION_MIXINS else None
