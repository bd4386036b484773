"""The container's definition as the tests read it: the Dockerfile's final stage and compose.yaml.

No Docker engine runs here, so the image is never built in the tests; they run its entry command
and its health check as they are written, with its environment, on this machine instead.
"""

from __future__ import annotations

import json
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class FinalStage:
    """The last stage of the Dockerfile: its base, environment, user, health check and command."""

    base: str
    lines: list[str]
    env: dict[str, str]
    user: str | None
    healthcheck: list[str]
    cmd: list[str]


def dockerfile_lines() -> list[str]:
    """Instructions, one per line, with continuation lines joined and comments dropped."""
    text = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def final_stage() -> FinalStage:
    lines = dockerfile_lines()
    start = max(i for i, line in enumerate(lines) if line.startswith("FROM "))
    stage = lines[start:]
    env: dict[str, str] = {}
    user, healthcheck, cmd = None, [], []
    for line in stage[1:]:
        word, _, rest = line.partition(" ")
        if word == "ENV":
            env |= dict(pair.split("=", 1) for pair in shlex.split(rest))
        elif word == "USER":
            user = rest.strip()
        elif word == "HEALTHCHECK":
            healthcheck = json.loads(rest.split(" CMD ", 1)[1])
        elif word == "CMD":
            cmd = json.loads(rest)
    return FinalStage(stage[0].split()[1], stage, env, user, healthcheck, cmd)


def compose_service(name: str) -> dict[str, Any]:
    services: dict[str, Any] = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    service: dict[str, Any] = services[name]
    return service
