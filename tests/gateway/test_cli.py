"""The `gateway` command's help and flags, as a person reads and uses them."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from gateway.cli import app
from tests.processes import Served, clean_env, free_port, gateway_command

# What typer prints for an option without a metavar: <bool>, <str>, <list[str]>, <int range>...
TYPE_PLACEHOLDER = re.compile(r"<(bool|str|int|float|text|path|list\[\w+\]|\w+ range)>", re.I)


# Every sub-command, so one added later is held to the same help.
COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("command", [[], *([name] for name in COMMANDS)])
def test_help_names_values_not_python_types(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], prog_name="gateway")

    assert result.exit_code == 0
    assert "Usage: gateway" in result.output
    assert TYPE_PLACEHOLDER.search(result.output) is None, result.output


def test_serve_help_offers_a_log_level() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"], prog_name="gateway")

    assert "--log-level LEVEL" in result.output
    assert "--port PORT" in result.output


def test_serve_log_level_wins_over_the_environment(tmp_path: Path) -> None:
    port = free_port()
    command = gateway_command("serve", "--sandbox", "--port", str(port), "--log-level", "debug")
    served = Served(command, port, tmp_path, clean_env(GATEWAY_LOG_LEVEL="ERROR")).wait_healthy()
    httpx.post(
        f"{served.base}/graphql",
        json={"query": '{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }'},
        timeout=10,
    )
    served.stop()

    log = served.log_path.read_text()
    # GATEWAY_LOG_LEVEL=ERROR alone would hide the DEBUG lines (and uvicorn's INFO ones).
    assert re.search(r"^DEBUG ", log, re.M), log
