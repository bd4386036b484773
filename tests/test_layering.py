"""Imports run down the layers: read from the source files (nothing is imported), so a module
that reaches up or sideways fails here, named with its line and import.

`LAYERS` is the allowed-imports table that docs/ARCHITECTURE.md shows; a row names the files it
governs and either the only gateway/schema imports they may make (`allow`) or those they may not
(`forbid`). `{a}` is the files' own source; `{b}` any other source. The sources are the
registered ones (the runtime's registry and the graph's `schema/sources.py`), so a folder that is
not a source (`schema/graph/`, `schema/limits/`) is never taken for one.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gateway.sources.registry import SOURCES as RUNTIME_SOURCES
from schema.sources import SCHEMAS

ROOT = Path(__file__).resolve().parents[1]
# The modules whose job is to assemble the runtime and the graph: they may import anything.
ASSEMBLERS = frozenset({"gateway/app.py", "gateway/cli.py"})


SOURCES = tuple(sorted(source.name for source in RUNTIME_SOURCES))
SCHEMA_SOURCES = tuple(sorted(source.name for source in SCHEMAS))


@dataclass(frozen=True)
class Layer:
    """Files (a glob below the repository root) and what they may import of gateway/schema."""

    files: str
    why: str
    allow: tuple[str, ...] | None = None
    forbid: tuple[str, ...] = ()
    unless: frozenset[str] = frozenset()


LAYERS = (
    Layer(
        "gateway/**/*.py",
        "the graph sits on top of the runtime; only app.py and cli.py assemble both",
        forbid=("schema",),
        unless=ASSEMBLERS,
    ),
    Layer(
        "gateway/{errors,calls,metrics}.py",
        "the error tree, the call log and the metrics are the floor everything stands on",
        allow=(),
    ),
    Layer(
        "gateway/telemetry/**/*.py",
        "request ids, traces and redaction serve every layer, so they stand on the floor only",
        allow=("gateway.telemetry", "gateway.metrics", "gateway.calls"),
    ),
    Layer(
        "gateway/http/**/*.py",
        "the HTTP layer serves every source and knows none of them, nor requests or loaders",
        forbid=(
            "gateway.sources",
            "gateway.context",
            "gateway.loaders",
            "gateway.clients",
            "gateway.config",
            "gateway.sandbox",
        ),
    ),
    Layer(
        "gateway/sandbox/**/*.py",
        "the sandbox kit imports nothing else of the gateway",
        allow=("gateway.sandbox",),
    ),
    Layer(
        "gateway/{loaders,clients}.py",
        "the loader base and the open clients serve every source and know none of them",
        forbid=("gateway.sources", "gateway.context", "gateway.config"),
    ),
    Layer(
        "gateway/live/**/*.py",
        "the live pollers read whatever schema/graph/live gives them, and know no source",
        forbid=("gateway.sources",),
    ),
    Layer(
        "gateway/sources/{a}/**/*.py",
        "a source is self-contained: other sources and the layers above are out of reach",
        forbid=(
            "gateway.sources.{b}",
            "gateway.sources.registry",
            "gateway.config",
            "gateway.context",
        ),
    ),
    Layer(
        "gateway/sources/{a}/simulator/**/*.py",
        "a simulator reads the reference, not the gateway: only the sandbox kit is shared",
        allow=("gateway.sandbox", "gateway.sources.{a}.simulator"),
    ),
    Layer(
        "gateway/sources/{a}/*.py",
        "only the Source value (source.py) knows the simulator; the client must not",
        forbid=("gateway.sources.{a}.simulator",),
        unless=frozenset(f"gateway/sources/{a}/source.py" for a in SOURCES),
    ),
    Layer(
        "schema/{graph/**/*,query,mutation,subscription}.py",
        "the whole graph reaches a source only through its registration in schema/sources.py",
        forbid=("schema.{b}", "gateway.sources.{b}"),
    ),
    Layer(
        "schema/{a}/**/*.py",
        "one source's graph types reach another source only through schema/graph",
        forbid=("schema.{b}", "gateway.sources.{b}", "gateway.sources.{a}.simulator"),
    ),
)


@dataclass(frozen=True)
class Import:
    file: str
    line: int
    statement: str
    # Every dotted name the statement reaches: the module, and module.name for `from` imports.
    targets: tuple[str, ...]


def imports_in(path: Path, root: Path = ROOT) -> Iterator[Import]:
    relative = path.relative_to(root).as_posix()
    package = relative.removesuffix(".py").replace("/", ".").removesuffix(".__init__")
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), filename=relative)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(relative, node.lineno, f"import {alias.name}", (alias.name,))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = ", ".join(alias.name for alias in node.names)
            targets = (base, *(f"{base}.{alias.name}" for alias in node.names))
            yield Import(relative, node.lineno, f"from {base} import {names}", targets)


def ours(name: str) -> bool:
    return name.split(".")[0] in ("gateway", "schema")


def within(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def expand(pattern: str, a: str, others: tuple[str, ...]) -> list[str]:
    return [pattern.format(a=a, b=b) for b in others] if "{b}" in pattern else [pattern.format(a=a)]


def files_of(layer: Layer, a: str, root: Path) -> list[Path]:
    alternatives = re.fullmatch(r"(.*)\{(.*)\}(.*)", layer.files.replace("{a}", a))
    globs = (
        [f"{alternatives[1]}{choice}{alternatives[3]}" for choice in alternatives[2].split(",")]
        if alternatives
        else [layer.files.replace("{a}", a)]
    )
    return sorted({p for g in globs for p in root.glob(g) if ".venv" not in p.parts})


def violations(layer: Layer, root: Path = ROOT) -> Iterator[str]:
    owners = (SCHEMA_SOURCES if layer.files.startswith("schema") else SOURCES) or ("",)
    for a in owners if "{a}" in layer.files else ("",):
        others = tuple(s for s in (*SOURCES, *SCHEMA_SOURCES) if s != a)
        allow = [p for pattern in layer.allow or () for p in expand(pattern, a, others)]
        forbid = [p for pattern in layer.forbid for p in expand(pattern, a, others)]
        for path in files_of(layer, a, root):
            for imp in imports_in(path, root):
                if imp.file in layer.unless:
                    continue
                reached = [t for t in imp.targets if ours(t)]
                refused = [t for t in reached if any(within(t, p) for p in forbid)]
                if layer.allow is not None:
                    refused += [t for t in reached if not any(within(t, p) for p in allow)]
                if refused:
                    yield f"{imp.file}:{imp.line}: `{imp.statement}` ({layer.why})"


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.files)
def test_imports_run_down_the_layers(layer: Layer) -> None:
    found = sorted(set(violations(layer)))

    assert not found, "imports against the layering:\n" + "\n".join(found)


def probe(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_the_check_names_the_file_line_and_import_that_reaches_up(tmp_path: Path) -> None:
    probe(
        tmp_path, "gateway/http/retry.py", "import json\nfrom gateway.sources.xandr import client\n"
    )
    http_layer = next(layer for layer in LAYERS if layer.files.startswith("gateway/http"))

    found = list(violations(http_layer, tmp_path))

    assert found == [
        f"gateway/http/retry.py:2: `from gateway.sources.xandr import client` ({http_layer.why})"
    ]


def test_a_simulator_may_import_the_kit_and_itself_but_not_the_client(tmp_path: Path) -> None:
    probe(
        tmp_path,
        f"gateway/sources/{SOURCES[0]}/simulator/state.py",
        "from gateway.sandbox.clock import SandboxClock\n"
        "from . import seed\n"
        "from ..client import C\n",
    )
    simulator_layer = next(layer for layer in LAYERS if "simulator" in layer.files)

    found = list(violations(simulator_layer, tmp_path))

    assert [line.split(" (")[0] for line in found] == [
        f"gateway/sources/{SOURCES[0]}/simulator/state.py:3: "
        f"`from gateway.sources.{SOURCES[0]}.client import C`"
    ]


def test_the_whole_graph_may_not_name_a_source_but_through_the_registrations(
    tmp_path: Path,
) -> None:
    probe(
        tmp_path,
        "schema/graph/links.py",
        "from schema.sources import SCHEMAS\nfrom schema.xandr.types import InventoryList\n",
    )
    # Folders of the whole graph (live/, limits/) and the root types are held to it too.
    probe(tmp_path, "schema/graph/live/targets.py", "from schema.limbobeat import types\n")
    probe(tmp_path, "schema/subscription.py", "from gateway.sources.vionlabs import loaders\n")
    graph_layer = next(layer for layer in LAYERS if layer.files.startswith("schema/{graph"))

    found = list(violations(graph_layer, tmp_path))

    assert sorted(line.split(" (")[0] for line in found) == [
        "schema/graph/links.py:2: `from schema.xandr.types import InventoryList`",
        "schema/graph/live/targets.py:1: `from schema.limbobeat import types`",
        "schema/subscription.py:1: `from gateway.sources.vionlabs import loaders`",
    ]
