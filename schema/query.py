"""The root Query: the whole graph's fields and each registered source's mixin.

A source's mixin comes with its registration (`schema/sources.py`), so adding one needs no line
here. The order is the root fields' order in the SDL that `schema.graphql` fixes: `node` first,
then each mixin's fields, the mixins ordered by class name (case aside).
"""

from __future__ import annotations

from strawberry.tools import merge_types

from schema.graph.nodes import NodeQuery
from schema.graph.task_summary import TaskSummaryQuery
from schema.graph.tasks import TasksQuery
from schema.sources import SCHEMAS


def by_name(mixins: list[type]) -> tuple[type, ...]:
    """Mixins in the order of their class names, case aside (`TasksQuery` before `TaskSummary…`)."""
    return tuple(sorted(mixins, key=lambda mixin: mixin.__name__.casefold()))


QUERY_MIXINS: tuple[type, ...] = (
    NodeQuery,
    *by_name([TasksQuery, TaskSummaryQuery, *(s.queries for s in SCHEMAS)]),
)

Query = merge_types("Query", QUERY_MIXINS)
# `merge_types` takes no description; the root's is set on the definition it built.
Query.__strawberry_definition__.description = (  # type: ignore[attr-defined]
    "Everything the gateway reads: each source's own fields, the cross-source `tasks` queue "
    "and `taskSummary`, and `node`/`nodes` to refetch any object by its global id."
)
