"""The schema is a contract: committed, described throughout, with ids a client can rely on, and
a check that tells a breaking change from a safe one."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)
from typer.testing import CliRunner

from gateway.cli import app

ROOT = Path(__file__).resolve().parents[1]
CONTRACT = ROOT / "schema.graphql"
BASELINE = ROOT / "schema.baseline.graphql"
REGENERATE = ".venv/bin/gateway schema > schema.graphql"


def printed_sdl() -> str:
    result = CliRunner().invoke(app, ["schema"])
    assert result.exit_code == 0, result.output
    return result.stdout


def check_breaking(released: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["schema", "--check-breaking", str(released)])
    return result.exit_code, result.output


def undescribed(schema: GraphQLSchema) -> Iterator[str]:
    """Every type, field, argument, input field and enum value without a description."""
    for name, kind in schema.type_map.items():
        if name.startswith("__"):
            continue
        if not kind.description:
            yield name
        if isinstance(kind, GraphQLObjectType | GraphQLInterfaceType):
            for field_name, field in kind.fields.items():
                if not field.description:
                    yield f"{name}.{field_name}"
                for arg_name, arg in field.args.items():
                    if not arg.description:
                        yield f"{name}.{field_name}({arg_name})"
        if isinstance(kind, GraphQLInputObjectType):
            yield from (f"{name}.{f}" for f, v in kind.fields.items() if not v.description)
        if isinstance(kind, GraphQLEnumType):
            yield from (f"{name}.{v}" for v, value in kind.values.items() if not value.description)


def test_printed_schema_is_byte_identical_to_the_committed_contract() -> None:
    assert printed_sdl().encode() == CONTRACT.read_bytes(), (
        f"the schema differs from {CONTRACT.name}; if the change is intended, "
        f"regenerate it with `{REGENERATE}` and commit it"
    )


def test_everything_a_client_sees_has_a_description() -> None:
    missing = list(undescribed(build_schema(printed_sdl())))

    assert not missing, f"describe these (strawberry `description=`): {missing}"


def test_the_walk_names_what_has_no_description() -> None:
    bare = build_schema('"""Q."""\ntype Query { """F."""\nf(a: Int): E }\nenum E { X }')

    assert list(undescribed(bare)) == ["Query.f(a)", "E", "E.X"]


def test_every_type_with_an_id_is_a_node_with_a_global_id() -> None:
    schema = build_schema(printed_sdl())
    with_id = [
        kind.name
        for kind in schema.type_map.values()
        if isinstance(kind, GraphQLObjectType) and "id" in kind.fields
    ]
    node = schema.get_type("Node")
    assert isinstance(node, GraphQLInterfaceType)
    not_nodes = [name for name in with_id if not schema.is_sub_type(node, schema.type_map[name])]

    assert len(with_id) >= 11
    assert not not_nodes, f"an `id` that is not a Node's global id: {not_nodes}"


def test_every_mutation_takes_one_input_object() -> None:
    mutation = build_schema(printed_sdl()).mutation_type
    assert mutation is not None

    shapes = {name: list(field.args) for name, field in mutation.fields.items()}

    assert shapes == {name: ["input"] for name in shapes}


def test_the_released_baseline_is_a_readable_schema() -> None:
    assert build_schema(BASELINE.read_text()).query_type is not None


def test_the_code_has_no_change_against_its_own_sdl(tmp_path: Path) -> None:
    released = tmp_path / "released.graphql"
    released.write_text(printed_sdl())

    code, output = check_breaking(released)

    assert code == 0, output
    assert output.strip() == "0 breaking, 0 dangerous, 0 safe change(s)"


def test_a_field_the_release_had_and_the_code_lacks_is_breaking(tmp_path: Path) -> None:
    sdl = printed_sdl()
    released = tmp_path / "released.graphql"
    released.write_text(
        sdl.replace(
            "type WorkItem implements Task & Node {\n",
            "type WorkItem implements Task & Node {\n  assignedTo: String\n",
        )
    )

    code, output = check_breaking(released)

    assert code == 1
    assert "BREAKING FIELD_REMOVED: Field WorkItem.assignedTo was removed." in output
    assert "docs/schema.md" in output


def test_a_field_added_since_the_release_is_safe(tmp_path: Path) -> None:
    sdl = printed_sdl()
    by_ui_id = r'\n  """\n  One list by the id Xandr.*?\): InventoryList\n'
    without = re.sub(by_ui_id, "\n", sdl, flags=re.S)
    assert "inventoryListByUiId" not in without
    released = tmp_path / "released.graphql"
    released.write_text(without)

    code, output = check_breaking(released)

    assert code == 0, output
    assert output.strip() == "0 breaking, 0 dangerous, 1 safe change(s)"


def test_an_enum_value_added_since_the_release_is_dangerous_but_passes(tmp_path: Path) -> None:
    sdl = printed_sdl()
    enum = re.search(r"enum WorkItemKind \{.*?\}", sdl, flags=re.S)
    assert enum is not None
    without_unknown = re.sub(r'\n\n  """[^"]*"""\n  UNKNOWN\n', "\n", enum.group())
    released = tmp_path / "released.graphql"
    released.write_text(sdl.replace(enum.group(), without_unknown))

    code, output = check_breaking(released)

    assert code == 0, output
    assert "DANGEROUS VALUE_ADDED_TO_ENUM: Enum value WorkItemKind.UNKNOWN was added." in output


@pytest.mark.parametrize("content", [None, "type Query {"])
def test_a_release_that_cannot_be_read_is_an_error_not_a_pass(
    tmp_path: Path, content: str | None
) -> None:
    released = tmp_path / "released.graphql"
    if content is not None:
        released.write_text(content)

    code, output = check_breaking(released)

    assert code == 2
    assert f"cannot read {released}" in output
