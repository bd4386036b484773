"""The benchmark's processes: the stub and the gateway on their cores; what /proc says of them."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.load.target import Target

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def pinned(command: list[str], cpus: str | None) -> list[str]:
    """`taskset -c` where the OS has it (Linux); the command as is elsewhere."""
    if cpus is None or not Path("/usr/bin/taskset").exists():
        return command
    return ["taskset", "-c", cpus, *command]


@dataclass(frozen=True)
class Usage:
    """A process's CPU time so far and its peak resident memory."""

    cpu_s: float
    peak_rss_mib: float

    @classmethod
    def of(cls, pid: int) -> Usage:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # utime and stime are fields 14 and 15 of stat (1-based; 12 and 13 after the name).
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        peak = 0.0
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) / 1024
        return cls(cpu_s=cpu, peak_rss_mib=peak)


def wait_until_idle(pid: int, quiet_s: float = 0.3, timeout_s: float = 120) -> None:
    """Until the process stops using CPU: what wrk left in flight when it stopped is served."""
    deadline = time.monotonic() + timeout_s
    last, quiet = Usage.of(pid).cpu_s, 0
    while quiet < 2 and time.monotonic() < deadline:
        time.sleep(quiet_s)
        now = Usage.of(pid).cpu_s
        quiet = quiet + 1 if now - last <= 1.5 / CLOCK_TICKS else 0
        last = now


def wait_until_answering(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=2).status_code < 500:
                return
        if process.poll() is not None:
            raise SystemExit(f"{url}: the process exited with {process.returncode} (see its log)")
        if time.monotonic() > deadline:
            raise SystemExit(f"{url}: no answer within {timeout_s:g} s")
        time.sleep(0.1)


@contextlib.contextmanager
def started(
    command: list[str], *, env: dict[str, str], log: Path, probe: str, cwd: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """A server process for the block's duration; its output goes to `log`, never a pipe."""
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603
            command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd
        )
        try:
            wait_until_answering(probe, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@contextlib.contextmanager
def stub(size: int, cpus: str | None, workdir: Path) -> Iterator[tuple[str, int]]:
    """The replay stub (`bench.load.stub`) from this checkout; yields its URL and pid."""
    port = free_port()
    command = [sys.executable, "-m", "bench.load.stub", "--port", str(port), "--size", str(size)]
    url = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    env["GATEWAY_LOG_LEVEL"] = "WARNING"
    with started(
        pinned(command, cpus), env=env, log=workdir / "stub.log", probe=f"{url}/_bench/calls"
    ) as process:
        yield url, process.pid


@contextlib.contextmanager
def gateway(
    target: Target, stub_url: str, cpus: str | None, workdir: Path, extra_env: dict[str, str]
) -> Iterator[tuple[str, int]]:
    """`gateway serve` of the target checkout, one process; yields its URL and pid."""
    port = free_port()
    command = [str(target.gateway), "serve", "--host", "127.0.0.1", "--port", str(port)]
    env = target.environment(stub_url, extra_env)
    url = f"http://127.0.0.1:{port}"
    log = workdir / f"gateway-{target.path.name}.log"
    with started(
        pinned(command, cpus), env=env, log=log, probe=f"{url}/healthz", cwd=target.path
    ) as process:
        yield url, process.pid
