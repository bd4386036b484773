"""The docs stay true: every page linked, every link resolving, every example running on the
sandbox, and the configuration page exactly what the settings models render."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from typer.testing import CliRunner

from gateway.cli import app
from gateway.settings_reference import UndocumentedSetting, setting_variables, settings_reference
from tests.conftest import Gateway
from tests.test_layering import LAYERS, SOURCES, Layer

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
REGENERATE = "make docs  (= .venv/bin/gateway settings-reference > docs/configuration.md)"

LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
GRAPHQL_BLOCK = re.compile(r"^```graphql\n(.*?)^```", re.MULTILINE | re.DOTALL)
# An example that needs a request header says so in its first lines: `# header: Name: value`.
HEADER_COMMENT = re.compile(r"^# header: ([\w-]+): (.+)$", re.MULTILINE)
VARIABLE = re.compile(r"GATEWAY_[A-Z0-9_]*[A-Z0-9]")


def prose(page: Path) -> str:
    """The page without its fenced blocks, where `#` lines are comments, not headings."""
    return FENCE.sub("", page.read_text())


def anchors(page: Path) -> set[str]:
    """GitHub's heading anchors: lower-case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+ (.+)$", prose(page), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def local_links(page: Path) -> list[tuple[Path, str]]:
    links = []
    for target in LINK.findall(prose(page)):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        links.append(((page.parent / path).resolve() if path else page, anchor))
    return links


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {path for path, _ in local_links(README)}
    unlinked = [p.name for p in DOCS.glob("*.md") if p.resolve() not in linked]
    assert not unlinked, f"docs pages missing from the README's 'Read on' table: {unlinked}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_link_of_a_page_resolves(page: Path) -> None:
    for path, anchor in local_links(page):
        assert path.exists(), f"{page.name} links to {path}, which does not exist"
        if anchor and path.suffix == ".md":
            assert anchor in anchors(path), f"{page.name} links to #{anchor}, not in {path.name}"


def test_every_variable_the_docs_name_is_a_setting() -> None:
    known = set(setting_variables())
    sections = {name.rsplit("__", 1)[0] for name in known if "__" in name}
    named = {v for page in PAGES for v in VARIABLE.findall(page.read_text())}
    unknown = sorted(named - known - sections)
    assert not unknown, f"the docs name variables no setting reads: {unknown}"


def test_the_configuration_page_is_what_the_settings_render() -> None:
    result = CliRunner().invoke(app, ["settings-reference"])

    assert result.exit_code == 0, result.output
    if result.output != (DOCS / "configuration.md").read_text():
        pytest.fail(f"docs/configuration.md is stale; regenerate it: {REGENERATE}")


def test_a_setting_without_a_description_stops_the_reference() -> None:
    class Section(BaseModel):
        documented: int = Field(default=1, description="Has one.")
        bare: int = 2

    class Partial(BaseSettings):
        model_config = SettingsConfigDict(env_prefix="GATEWAY_", env_nested_delimiter="__")
        section: Section = Section()

    with pytest.raises(UndocumentedSetting, match=r"GATEWAY_SECTION__BARE$"):
        settings_reference(Partial)


def graphql_examples(*, subscriptions: bool = False) -> list[object]:
    """The pages' GraphQL blocks: queries and mutations, or (over WebSocket) subscriptions."""
    return [
        pytest.param(block, id=f"{page.name}-{number}")
        for page in PAGES
        for number, block in enumerate(GRAPHQL_BLOCK.findall(page.read_text()), start=1)
        if is_subscription(block) == subscriptions
    ]


def is_subscription(block: str) -> bool:
    lines = [line for line in block.splitlines() if line.strip() and not line.startswith("#")]
    return bool(lines) and lines[0].lstrip().startswith("subscription")


@pytest.mark.parametrize("example", graphql_examples())
async def test_every_graphql_example_runs_on_the_sandbox(gateway: Gateway, example: str) -> None:
    headers = dict(HEADER_COMMENT.findall(example))

    body = await gateway.gql(example, headers=headers)

    assert "errors" not in body, body["errors"]
    assert body["data"], body


def shape(value: Any) -> Any:
    """Keys and list lengths, not values: what the README promises of its first answer."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(item) for item in value]
    return type(value).__name__


async def test_the_readme_first_query_answers_as_shown(gateway: Gateway) -> None:
    text = README.read_text()
    query = GRAPHQL_BLOCK.findall(text)[0]
    shown = json.loads(re.findall(r"^```json\n(.*?)^```", text, re.MULTILINE | re.DOTALL)[0])

    body = await gateway.gql(query, debug=False)

    assert shape(body) == shape(shown)
    summary = body["data"]["taskSummary"]
    assert summary["totalCount"] == shown["data"]["taskSummary"]["totalCount"]


def layering_row(layer: Layer) -> str:
    """One row of ARCHITECTURE.md's import table, from the layer the layering test enforces."""
    generic = {re.sub(rf"/({'|'.join(SOURCES)})/", "/{a}/", path) for path in layer.unless}
    files = f"`{layer.files}`" + (
        " except " + ", ".join(f"`{path}`" for path in sorted(generic)) if generic else ""
    )
    if layer.allow is not None:
        rule = "only " + ", ".join(f"`{p}`" for p in layer.allow) if layer.allow else "nothing"
    else:
        rule = "not " + ", ".join(f"`{p}`" for p in layer.forbid)
    return f"| {files} | {rule} | {layer.why} |"


def test_the_architecture_import_table_is_the_one_the_layering_test_enforces() -> None:
    page = (DOCS / "ARCHITECTURE.md").read_text()
    shown = re.search(
        r"<!-- layering table.*?-->\n(.*?)\n<!-- end of layering table -->", page, re.DOTALL
    )
    expected = [layering_row(layer) for layer in LAYERS]

    assert shown is not None, "docs/ARCHITECTURE.md lost its layering table markers"
    rows = shown[1].splitlines()[2:]
    assert rows == expected, "the table in docs/ARCHITECTURE.md should read:\n" + "\n".join(
        expected
    )
