"""The `gateway` command's help and flags, as a person reads and uses them."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import typer
from typer.testing import CliRunner

from gateway.cli import app

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def test_serve_log_level_wins_over_the_environment(tmp_path: Path) -> None:
    port, log_path = free_port(), tmp_path / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    command = [sys.executable, "-m", "gateway", "serve", "--sandbox", "--port", str(port)]
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [*command, "--log-level", "debug"],
            env=env | {"GATEWAY_LOG_LEVEL": "ERROR"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).is_success:
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None and time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.1)
            httpx.post(
                f"http://127.0.0.1:{port}/graphql",
                json={"query": '{ sendTask(id: "5001") { upstreamId } }'},
                timeout=10,
            )
        finally:
            process.terminate()
            process.wait(timeout=10)

    # GATEWAY_LOG_LEVEL=ERROR alone would hide the DEBUG lines (and uvicorn's INFO ones).
    assert re.search(r"^DEBUG ", log_path.read_text(), re.M), log_path.read_text()
