"""The Makefile as a newcomer uses it: clean SDL on stdout, HOST/PORT everywhere, progress lines."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from graphql import build_schema

ROOT = Path(__file__).resolve().parent.parent


def make(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # Run from `make test` or by hand alike: no make or listener settings leak in from outside.
    leaked = {"MAKEFLAGS", "MFLAGS", "MAKELEVEL", "HOST", "PORT"}
    clean = {k: v for k, v in os.environ.items() if k not in leaked} | env
    return subprocess.run(  # noqa: S603 - make, from PATH, on our own Makefile
        ["make", "--no-print-directory", "-C", str(ROOT), *args],  # noqa: S607
        capture_output=True,
        text=True,
        env=clean,
        timeout=300,
        check=True,
    )


def command_of(dry_run: str, program: str) -> str:
    return next(line for line in dry_run.splitlines() if line.startswith(program))


def test_make_schema_writes_only_the_sdl_to_stdout() -> None:
    sdl = subprocess.run(
        [sys.executable, "-m", "gateway", "schema"], capture_output=True, text=True, check=True
    ).stdout

    assert make("schema").stdout == sdl
    assert build_schema(sdl).query_type is not None


def test_make_sandbox_listens_where_host_and_port_say() -> None:
    default = make("-n", "sandbox").stdout
    given = make("-n", "sandbox", "HOST=0.0.0.0", "PORT=9100").stdout
    from_environment = make("-n", "sandbox", PORT="9200").stdout

    assert command_of(default, ".venv/bin/gateway").endswith("--host 127.0.0.1 --port 8100")
    assert command_of(given, ".venv/bin/gateway").endswith("--host 0.0.0.0 --port 9100")
    assert command_of(from_environment, ".venv/bin/gateway").endswith("--port 9200")


def test_a_cold_make_run_says_what_it_installs_before_it_starts() -> None:
    # -W pretends pyproject.toml changed, so the dry run lists the whole set-up.
    dry_run = make("-n", "-W", "pyproject.toml", "run", "PORT=9300").stdout
    lines = dry_run.splitlines()

    progress = next(i for i, line in enumerate(lines) if line.startswith("echo"))
    install = next(i for i, line in enumerate(lines) if "pip install" in line)
    assert progress < install
    assert "Setting up .venv" in lines[progress]
    assert lines[-1].endswith("serve --sandbox --host 127.0.0.1 --port 9300")


def test_make_lock_stands_alone_from_the_gateway_install() -> None:
    # -W: pyproject.toml just gained a dependency the locks lack, which .venv's set-up refuses.
    dry_run = make("-n", "-W", "pyproject.toml", "lock").stdout

    assert "uv pip compile pyproject.toml" in dry_run
    assert "pip check" not in dry_run
    assert ".venv" not in dry_run
