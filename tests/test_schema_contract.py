"""The SDL `gateway schema` prints is the committed contract, so schema changes are deliberate."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gateway.cli import app

CONTRACT = Path(__file__).resolve().parents[1] / "schema.graphql"
REGENERATE = ".venv/bin/gateway schema > schema.graphql"


def test_printed_schema_is_byte_identical_to_the_committed_contract() -> None:
    result = CliRunner().invoke(app, ["schema"])

    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == CONTRACT.read_bytes(), (
        f"the schema differs from {CONTRACT.name}; if the change is intended, "
        f"regenerate it with `{REGENERATE}` and commit it"
    )
