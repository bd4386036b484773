"""A gateway checkout to measure: its own interpreter, its commit, and its environment.

The gateway runs as production runs it: `gateway serve` from the checkout's `.venv`, every
upstream configured by base URL and credentials (here: the stub's, from the checkout's own
sandbox credentials, so an older commit gets the settings it understands), no sandbox.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Run by the checkout's interpreter: each source's section pointed at the stub, as variables.
_UPSTREAM_ENV = """
import json, sys
from pydantic import SecretStr
from gateway.config import load_settings
from gateway.sources.registry import SOURCES
stub, settings, env = sys.argv[1], load_settings(), {}
for spec in SOURCES:
    section = spec.sandboxed(settings.section(spec.name), f"{stub}/{spec.name}")
    names = {"base_url", *spec.sandbox_credentials, *spec.sandbox_defaults}
    names |= set(getattr(spec, "user_sandbox_credentials", {}))
    for name in sorted(names):
        value = getattr(section, name)
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if value is None:
            continue
        value = json.dumps(value) if isinstance(value, list) else str(value)
        env[f"GATEWAY_{spec.name.upper()}__{name.upper()}"] = value
print(json.dumps(env))
"""

# The caller: a trusted proxy naming the acting user (older commits read the user header alone).
PROXY_SECRET = "bench-proxy-secret-0123456789"
USER = "demo@example.com"
CALLER_HEADERS = {"X-Gateway-User": USER, "X-Gateway-Proxy-Secret": PROXY_SECRET}


@dataclass(frozen=True)
class Target:
    """One checkout with its `.venv` (created by `make test` or `make run` there)."""

    path: Path
    # A variant: its name, shown after the label, and the environment it adds.
    tag: str = ""
    env: tuple[tuple[str, str], ...] = ()

    @property
    def python(self) -> Path:
        return self.path / ".venv" / "bin" / "python"

    @property
    def gateway(self) -> Path:
        return self.path / ".venv" / "bin" / "gateway"

    @property
    def commit(self) -> str:
        head = _git(self.path, "rev-parse", "--short", "HEAD")
        dirty = _git(self.path, "status", "--porcelain", "--untracked-files=no")
        return head + ("+changes" if dirty else "")

    @property
    def label(self) -> str:
        return f"{self.path.name}@{self.commit}" + (f" {self.tag}" if self.tag else "")

    def check(self) -> None:
        if not self.gateway.exists():
            raise SystemExit(f"{self.path}: no .venv/bin/gateway (run `make test` there first)")

    def environment(self, stub_url: str, extra: dict[str, str]) -> dict[str, str]:
        """The gateway process's environment: production profile, stub upstreams, proxy auth."""
        base = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
        found = subprocess.run(  # noqa: S603
            [str(self.python), "-c", _UPSTREAM_ENV, stub_url],
            capture_output=True,
            text=True,
            check=True,
            cwd=self.path,
            env=base,
        )
        upstreams: dict[str, str] = json.loads(found.stdout)
        return (
            base
            | upstreams
            | {
                "GATEWAY_ENVIRONMENT": "production",
                "GATEWAY_AUTH__PROXY_SECRET": PROXY_SECRET,
                "GATEWAY_AUTH__PROXY_SCOPES": "work:read,work:write",
                "GATEWAY_CALLER_HEADER": "X-Gateway-User",
                # One load generator is one caller: its buckets are made too deep to refuse,
                # so the limiter's own cost is measured, not its refusals.
                "GATEWAY_RATE_LIMITS__REQUESTS_PER_S": "1000000",
                "GATEWAY_RATE_LIMITS__REQUEST_BURST": "1000000",
                "GATEWAY_RATE_LIMITS__COST_PER_S": "1000000",
                "GATEWAY_RATE_LIMITS__COST_BURST": "1000000",
            }
            | dict(self.env)
            | extra
        )


def _git(path: Path, *args: str) -> str:
    command = ["git", "-C", str(path), *args]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()  # noqa: S603
