"""`tasks`: the work of every source in one ordered queue, for dashboards.

Each source's part is read by its `READER` (`schema/<source>/tasks.py`), which its registration
(`schema/sources.py`) brings; this module only merges, orders and pages.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import strawberry
from strawberry import relay

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput, GatewayError
from gateway.http.paths import path_segment
from schema.graph.cache_hints import CacheScope, hint
from schema.graph.described import graph_enum
from schema.graph.limits.cost import Site, cost
from schema.graph.order import OrderDirection
from schema.graph.pagination import FIRST_50, After, check_first
from schema.graph.task import Task
from schema.graph.task_scope import SourceBatch, TaskReader, TaskScope
from schema.graph.task_sources import TaskSource
from schema.graph.task_states import NEEDS_ATTENTION, TaskState
from schema.sources import SCHEMAS

# Every registered source whose work joins the queue, by name, in `TaskSource`'s order.
READERS: dict[str, TaskReader] = {s.name: s.tasks for s in SCHEMAS if s.tasks is not None}


async def fetch_batch(info: Info, source: str, scope: TaskScope) -> SourceBatch:
    try:
        batch = await READERS[source].read(info, scope)
    except GatewayError as exc:
        return SourceBatch(source, error=exc)
    # The upstream filtered by its own statuses where it could; this keeps exactly the states.
    batch.tasks = [t for t in batch.tasks if t.task_facts().state in scope.states]
    return batch


async def fetch_all(info: Info, scope: TaskScope) -> list[SourceBatch]:
    """Every selected source at once; a source's failure is in its batch, never raised."""
    sources = [s for s in READERS if s in scope.sources]
    return list(await asyncio.gather(*(fetch_batch(info, s, scope) for s in sources)))


def scope_input_type() -> type:
    """`TaskScopeInput`: a field for each queue reader that takes one (`TaskReader.scope`)."""
    namespace: dict[str, Any] = {"__module__": __name__, "__annotations__": {}}
    for reader in READERS.values():
        if reader.scope is not None:
            namespace["__annotations__"][reader.scope.field] = list[strawberry.ID] | None
            namespace[reader.scope.field] = strawberry.field(
                default=None, description=reader.scope.description
            )
    return strawberry.input(
        type("TaskScopeInput", (), namespace),
        description="What each upstream is asked; unset parts use the settings.",
    )


if TYPE_CHECKING:
    # Its fields exist only at run time; `task_scope` reads them by their readers' names.
    TaskScopeInput: TypeAlias = object
else:
    TaskScopeInput = scope_input_type()


@strawberry.input(description="Which tasks to keep; all given conditions must hold.")
class TaskFilterInput:
    states: list[TaskState] | None = strawberry.field(
        default=None,
        description="Default: the states that need attention (OPEN, IN_PROGRESS, BLOCKED, FAILED).",
    )
    sources: list[TaskSource] | None = strawberry.field(
        default=None, description="Default: every source."
    )


@strawberry.type(description="How one source contributed to the queue.")
class TaskSourceResult:
    source: TaskSource = strawberry.field(description="The source.")
    ok: bool = strawberry.field(description="False when its part is missing or incomplete.")
    error_code: str | None = strawberry.field(
        description="The failure's `extensions.code` when the source could not be read "
        "(SOURCE_NOT_CONFIGURED when it has no base URL)."
    )
    fetched_count: int = strawberry.field(
        description="Tasks read from it (within the fetch limit)."
    )
    truncated: bool = strawberry.field(
        description="True when it holds more matching tasks than the fetch limit let in."
    )

    @classmethod
    def of(cls, batch: SourceBatch) -> TaskSourceResult:
        return cls(
            source=TaskSource(batch.source),
            ok=batch.error is None,
            error_code=batch.error.code if batch.error is not None else None,
            fetched_count=len(batch.tasks),
            truncated=batch.truncated,
        )


@strawberry.type(description="A page of the cross-source task queue.")
class TaskConnection(relay.Connection[Task]):
    total_count: int = strawberry.field(description="Matching tasks over all pages.")
    sources: list[TaskSourceResult] = strawberry.field(
        description="Which sources answered: a dashboard shows what part is missing."
    )


def task_scope(
    info: Info, scope: TaskScopeInput | None, filter: TaskFilterInput | None
) -> TaskScope:
    given: dict[str, list[str]] = {}
    for name, reader in READERS.items():
        if scope is None or reader.scope is None:
            continue
        given[name] = [str(i) for i in getattr(scope, reader.scope.field) or ()]
        # Judged before any source is read, so one bad id does not cost the other sources' calls.
        for value in given[name]:
            path_segment(value, f"scope.{reader.scope.graphql_name}", name)
    states = filter.states if filter and filter.states is not None else NEEDS_ATTENTION
    sources = filter.sources if filter and filter.sources is not None else list(TaskSource)
    return TaskScope(
        states=frozenset(states),
        sources=frozenset(s.value for s in sources),
        inputs=given,
        limit=info.context.settings.task_fetch_limit,
    )


def scope_of(site: Site) -> TaskScope:
    """The `TaskScope` the arguments make, as `task_scope` makes it for the resolver."""
    scope = site.arg("scope") or {}
    filter = site.arg("filter") or {}
    states = filter.get("states")
    sources = filter.get("sources")
    return TaskScope(
        states=frozenset(states if states is not None else NEEDS_ATTENTION),
        sources=frozenset(s.value for s in (sources if sources is not None else TaskSource)),
        inputs={
            name: [str(i) for i in scope.get(reader.scope.graphql_name) or ()]
            for name, reader in READERS.items()
            if reader.scope is not None
        },
        limit=site.settings.task_fetch_limit,
    )


def read_calls(site: Site) -> int:
    """Each selected source's reader, at most what it declares (catalog items' task lists are
    then read: `CatalogItem.tasks` below costs nothing)."""
    scope = scope_of(site)
    return sum(READERS[s].read_calls(scope, site) for s in READERS if s in scope.sources)


async def read_batches(
    info: Info, scope: TaskScopeInput | None, filter: TaskFilterInput | None
) -> list[SourceBatch]:
    """Every source's batch; the failures of configured sources are reported beside the data."""
    batches = await fetch_all(info, task_scope(info, scope, filter))
    path: list[str | int] = list(info.path.as_list())
    for batch in batches:
        if batch.error is not None and batch.configured:
            info.context.report(batch.error, path)
    return batches


# (undated or unchanged last, time as a number, source, key): total, so no two tasks tie.
SortKey = tuple[bool, float, str, str]

SCOPE = "What each upstream is asked; null: the configured defaults."
FILTER = "Which tasks; null: the states that need attention, from every source."


@graph_enum(
    "What `tasks` can be sorted by.",
    DUE_AT="When the task is due; undated tasks come last either way.",
    UPDATED_AT="When the task last changed; tasks whose source keeps no such time come last.",
)
class TaskOrderField(Enum):
    DUE_AT = "DUE_AT"
    UPDATED_AT = "UPDATED_AT"


@strawberry.input(description="How `tasks` is ordered; ties are broken by source and id.")
class TaskOrderInput:
    field: TaskOrderField = strawberry.field(description="What to sort by.")
    direction: OrderDirection = strawberry.field(
        default=OrderDirection.ASC, description="Which way; default ASC."
    )

    @property
    def cursor_name(self) -> str:
        """Names the order inside cursors, so a cursor of another order is refused."""
        return f"{self.field.value}_{self.direction.name}"


def sort_key(task: Task, order: TaskOrderInput) -> SortKey:
    facts = task.task_facts()
    key = str(getattr(task, type(task).resolve_id_attr()))
    moment = facts.due_at if order.field is TaskOrderField.DUE_AT else facts.updated_at
    sign = 1.0 if order.direction is OrderDirection.ASC else -1.0
    if moment is None:
        return (True, 0.0, facts.source, key)
    return (False, sign * moment.timestamp(), facts.source, key)


def encode_task_cursor(order: TaskOrderInput, key: SortKey) -> str:
    raw = json.dumps([order.cursor_name, *key], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode()


def decode_task_cursor(order: TaskOrderInput, cursor: str | None) -> SortKey | None:
    """The position after which the next page starts; a cursor of another order is refused."""
    if cursor is None:
        return None
    try:
        name, missing, value, source, key = json.loads(base64.urlsafe_b64decode(cursor))
        position: SortKey = (bool(missing), float(value), str(source), str(key))
    except (binascii.Error, ValueError, TypeError):
        raise BadUserInput("`after` is not a cursor of `tasks`", argument="after") from None
    if name != order.cursor_name:
        raise BadUserInput("`after` was made for another `orderBy`", argument="after")
    return position


DEFAULT_ORDER = TaskOrderInput(field=TaskOrderField.DUE_AT, direction=OrderDirection.ASC)


@strawberry.type
class TasksQuery:
    @strawberry.field(
        metadata=cost(
            read_calls,
            items=lambda site: site.arg("first", 50),
            provides=("vionlabs.item_tasks",),
        ),
        extensions=requires(WORK_READ),
        # Blueworks answers per user: kept per caller when the response cache is on.
        directives=hint(15, CacheScope.PRIVATE),
        description="Tasks of every source merged into one ordered connection. Each upstream "
        "is read in parallel, up to the fetch limit; a failing source leaves the others in "
        "order, adds an error naming it and shows in `sources`.",
    )
    async def tasks(
        self,
        info: Info,
        scope: Annotated[TaskScopeInput | None, strawberry.argument(description=SCOPE)] = None,
        filter: Annotated[TaskFilterInput | None, strawberry.argument(description=FILTER)] = None,
        order_by: Annotated[
            TaskOrderInput | None,
            strawberry.argument(description="Sort order; null: DUE_AT ascending."),
        ] = None,
        first: Annotated[int, strawberry.argument(description=FIRST_50)] = 50,
        after: After = None,
    ) -> TaskConnection | None:
        order_by = order_by or DEFAULT_ORDER
        limit = check_first(first)
        start = decode_task_cursor(order_by, after)
        batches = await read_batches(info, scope, filter)
        ordered = sorted(
            ((sort_key(task, order_by), task) for batch in batches for task in batch.tasks),
            key=lambda pair: pair[0],
        )
        rest = [pair for pair in ordered if start is None or pair[0] > start]
        page = rest[:limit]
        edges = [
            relay.Edge(node=task, cursor=encode_task_cursor(order_by, key)) for key, task in page
        ]
        return TaskConnection(
            edges=edges,
            page_info=relay.PageInfo(
                has_next_page=len(rest) > limit,
                has_previous_page=len(rest) < len(ordered),
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=len(ordered),
            sources=[TaskSourceResult.of(b) for b in batches],
        )
