"""`SourceSchema`: all the whole graph needs of one source, in one value.

Each source's `schema/<source>/__init__.py` defines its `SCHEMA`, and `schema/sources.py` lists
them. The root Query, Mutation and Subscription, the `tasks` queue and `taskSummary`,
`TaskSource` and the state table, `TaskScopeInput`, the links and the live pollers all follow
that list, so no module of the whole graph names a source (the write scopes follow the runtime's
`Source.writes`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from schema.graph.limits.cost import Site
from schema.graph.links import Link
from schema.graph.task_scope import TaskReader

# (where, how many ids) -> calls.
Lookup = Callable[[Site, int], int]


def per_id(site: Site, ids: int) -> int:
    """A lookup that reads each object on its own."""
    return ids


@dataclass(frozen=True)
class SourceSchema:
    """One source's part of the graph: its root mixins, its part of the queue, its link targets."""

    # The source's name as the runtime registers it (gateway/sources/registry.py).
    name: str
    # Its root Query mixin (`<Plural>Query`); the root orders every mixin's fields by name.
    queries: type
    # Its root Mutation mixin, if it writes: each field requires `write_scope(name)`.
    mutations: type | None = None
    # Its root Subscription mixin, if it has focused subscriptions of its own (watching ids);
    # `taskChanged` covers its part of the queue without one.
    subscriptions: type | None = None
    # How its work joins `tasks` and `taskSummary`, if it does (its state column included).
    tasks: TaskReader | None = None
    # The kinds of resource it serves that other sources' objects may name.
    links: tuple[Link, ...] = ()
    # What reading n objects of each of its Node types by global id costs in upstream calls
    # at most (the cost estimate of `node` and `nodes`, docs/limits.md).
    lookups: Mapping[str, Lookup] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.tasks is not None and self.tasks.source != self.name:
            raise ValueError(f"{self.name}'s task reader is {self.tasks.source!r}'s")
