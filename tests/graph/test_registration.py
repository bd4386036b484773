"""A source joins the graph by its registration (`schema/sources.py`) alone: the roots, the queue
and its scope, the state table and the write scopes all follow the registered sources."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from gateway.callers.scopes import WRITE_SCOPES, ScopesExtension
from gateway.sources.registry import SOURCES
from schema.graph.task_sources import STATE_TABLE
from schema.graph.task_states import TaskState
from schema.sources import SCHEMAS
from tests.conftest import Gateway

GRAPH_PAGE = Path(__file__).resolve().parents[2] / "docs" / "graph.md"
ALL_STATES = "[OPEN, IN_PROGRESS, BLOCKED, DONE, FAILED, CANCELLED]"
QUEUE_SOURCES = """
{ tasks(first: 1) { sources { source } } taskSummary { bySource { source } } }
"""
SCOPED = f"""
query($scope: TaskScopeInput) {{
  tasks(first: 100, scope: $scope, filter: {{sources: [INTERCHANGE, VIONLABS],
                                            states: {ALL_STATES}}}) {{
    edges {{ node {{
      ... on WorkItem {{ sourceId }}
      ... on CatalogTask {{ catalogItem {{ upstreamId }} }}
    }} }}
  }}
}}
"""


def test_the_graph_registers_exactly_the_runtimes_sources() -> None:
    assert sorted(s.name for s in SCHEMAS) == sorted(s.name for s in SOURCES)


async def test_the_queue_and_the_summary_read_every_registered_reader_in_order(
    gateway: Gateway,
) -> None:
    readers = [s.name.upper() for s in SCHEMAS if s.tasks is not None]

    body = await gateway.gql(QUEUE_SOURCES)

    assert [r["source"] for r in body["data"]["tasks"]["sources"]] == readers
    assert [r["source"] for r in body["data"]["taskSummary"]["bySource"]] == readers


def _read_from(body: dict[str, Any]) -> tuple[set[str], set[str]]:
    nodes = [edge["node"] for edge in body["data"]["tasks"]["edges"]]
    sources = {n["sourceId"] for n in nodes if "sourceId" in n}
    items = {n["catalogItem"]["upstreamId"] for n in nodes if "catalogItem" in n}
    return sources, items


async def test_each_sources_scope_field_tells_the_queue_what_to_read_from_it(
    gateway: Gateway,
) -> None:
    scope = {"interchangeSourceIds": ["ctv-modular"], "catalogItemUpstreamIds": ["asset-0002"]}

    defaults = _read_from(await gateway.gql(SCOPED))
    scoped = _read_from(await gateway.gql(SCOPED, {"scope": scope}))

    assert len(defaults[0]) > 1 and len(defaults[1]) > 1
    assert scoped == ({"ctv-modular"}, {"asset-0002"})


def _required_scopes(mixin: type) -> dict[str, tuple[str, ...]]:
    fields = mixin.__strawberry_definition__.fields  # type: ignore[attr-defined]
    return {
        field.python_name: extension.permission.scopes
        for field in fields
        for extension in field.extensions
        if isinstance(extension, ScopesExtension)
    }


def test_a_source_that_writes_has_its_write_scope_and_every_mutation_needs_it() -> None:
    writers = {s.name: s.mutations for s in SCHEMAS if s.mutations is not None}

    assert set(WRITE_SCOPES) == {f"{name}:write" for name in writers}
    for name, mixin in writers.items():
        required = _required_scopes(mixin)
        assert required, f"{name}'s mutations declare no scopes"
        assert set(required.values()) == {(f"{name}:write",)}, required


def rendered_state_table() -> list[str]:
    """docs/graph.md's state table as the registered sources' columns make it."""
    columns = list(STATE_TABLE.values())
    rows = [
        "| state | " + " | ".join(column.title for column in columns) + " |",
        "|---|" + "---|" * len(columns),
    ]
    for state in TaskState:
        cells = [
            ", ".join(
                f"`{raw}`" + (f" ({column.notes[raw]})" if raw in column.notes else "")
                for raw in column.statuses_for([state])
            )
            or "—"
            for column in columns
        ]
        rows.append(f"| `{state.value}` | " + " | ".join(cells) + " |")
    return rows


def test_the_state_table_in_the_docs_is_the_registered_sources_columns() -> None:
    shown = re.search(
        r"<!-- state table.*?-->\n(.*?)\n<!-- end of state table -->",
        GRAPH_PAGE.read_text(),
        re.DOTALL,
    )
    expected = rendered_state_table()

    assert shown is not None, "docs/graph.md lost its state table markers"
    assert shown[1].splitlines() == expected, "docs/graph.md's state table should read:\n" + (
        "\n".join(expected)
    )
