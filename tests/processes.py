"""Real processes for tests: a `redis-server`, and `gateway` commands served on free ports."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import IO

import httpx
import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without any GATEWAY_ variable, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GATEWAY_")}
    return env | extra


class Served:
    """A command serving HTTP on `port`; its output goes to a file (an unread pipe blocks it)."""

    def __init__(
        self, args: Sequence[str], port: int, log_dir: Path, env: Mapping[str, str]
    ) -> None:
        self.args = list(args)
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.log_path = log_dir / f"{Path(args[0]).name}-{port}.log"
        self._log: IO[str] = self.log_path.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - our own commands, fixed arguments
            self.args, env=dict(env), stdout=self._log, stderr=subprocess.STDOUT, text=True
        )

    # Deadlines for failing, not for passing: several interpreters starting at once on a loaded
    # 2-core CI machine take tens of seconds.
    def wait_healthy(self, path: str = "/healthz", timeout_s: float = 60.0) -> Served:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{self.base}{path}", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"{' '.join(self.args)} did not start:\n{self.log_text()}")
            time.sleep(0.05)

    def wait_for_log(self, text: str, count: int = 1, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while self.log_text().count(text) < count:
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{text!r} x{count} not logged:\n{self.log_text()}")
            time.sleep(0.05)

    def log_text(self) -> str:
        self._log.flush()
        return self.log_path.read_text()

    def stop(self, timeout_s: float = 15.0) -> int:
        if self.process.poll() is None:
            self.process.terminate()
        try:
            code = self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        self._log.close()
        return code


def gateway_command(*args: str) -> list[str]:
    """The `gateway` console script of this interpreter's environment, as an image would run it."""
    script = Path(sys.executable).with_name("gateway")
    return [str(script), *args]


class RedisServer:
    """A real `redis-server` on a free loopback port, keeping nothing on disk."""

    def __init__(self, workdir: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (make test installs it)")
        self.binary = binary
        self.workdir = workdir
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> RedisServer:
        args = [self.binary, "--port", str(self.port), "--bind", "127.0.0.1"]
        args += ["--save", "", "--appendonly", "no", "--dir", str(self.workdir)]
        self.process = subprocess.Popen(  # noqa: S603 - the OS package's binary
            args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 10
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"redis-server did not start on port {self.port}")
            time.sleep(0.02)
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def command(self, *words: str) -> bytes:
        """One command over a raw socket (the tests' own view, independent of redis-py)."""
        wire = f"*{len(words)}\r\n" + "".join(f"${len(w.encode())}\r\n{w}\r\n" for w in words)
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(wire.encode())
            return sock.recv(65536)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None
