"""`gateway serve`: one process, or a group of workers behind one port under uvicorn.

Settings are checked once, in the parent, before any worker starts (a bad setting is one line,
not one traceback per worker); the workers then build their apps from the same environment
(`gateway.app:create_app_from_env`). Each worker is a whole gateway: its own upstream clients and,
without Redis, its own tokens, budgets, limits and caches. Simulators served by each worker would
be as many different upstreams, so with several workers the sandbox runs as one `gateway
sandbox` process of its own that every worker reaches over loopback. The workers' metrics are
kept in one directory they share, so that a scrape served by any worker counts them all.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

from gateway.app import create_app
from gateway.config import ConfigurationError, SandboxSettings, Settings
from gateway.logs import uvicorn_options
from gateway.metrics import MULTIPROC_DIR
from gateway.profile import profile_of
from gateway.server.heap import settle_after_startup
from gateway.server.run import ServerConfig, run

logger = logging.getLogger(__name__)

APP_FACTORY = "gateway.app:create_app_from_env"


def loopback(host: str, port: int) -> str:
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104


def serve(settings: Settings, *, sandbox: bool) -> None:
    """Serve until SIGTERM/SIGINT; in-flight requests get `shutdown_timeout_s` to finish."""
    with contextlib.ExitStack() as stack:
        settings = with_sandbox(settings, sandbox, stack)
        # The group's one start-up check: raises ConfigurationError before any worker exists.
        application = create_app(settings)
        announce(settings)
        if settings.workers > 1:
            # Workers are new interpreters: what the command line decided reaches them this way.
            os.environ["GATEWAY_SANDBOX__MODE"] = settings.sandbox.mode
            os.environ["GATEWAY_SANDBOX__EXTERNAL_URL"] = settings.sandbox.external_url
            os.environ["GATEWAY_LOG_LEVEL"] = settings.log_level  # `--log-level`, too
            stack.enter_context(workers_metrics())
        # uvicorn with the slow-client guard (gateway/server), in this process or in workers.
        run(
            ServerConfig(
                APP_FACTORY if settings.workers > 1 else settle_after_startup(application),
                guard=settings.server,
                factory=settings.workers > 1,
                workers=settings.workers,
                host=settings.host,
                port=settings.port,
                timeout_graceful_shutdown=settings.shutdown_timeout_s,
                # Its lines through the gateway's handler (format, request ids, redaction).
                **uvicorn_options(settings.log_level),
            )
        )


def with_sandbox(settings: Settings, sandbox: bool, stack: contextlib.ExitStack) -> Settings:
    """The settings with the sandbox where `--sandbox` puts it: this port, or its own process."""
    wanted: dict[str, str] = {"mode": "off"}
    if sandbox and settings.workers > 1:
        url = stack.enter_context(sandbox_process(settings))
        wanted = {"mode": "external", "external_url": url}
    elif sandbox:
        wanted = {"mode": "loopback", "loopback_base_url": loopback(settings.host, settings.port)}
    mode = SandboxSettings.model_validate(settings.sandbox.model_dump() | wanted)
    return settings.model_copy(update={"sandbox": mode})


@contextlib.contextmanager
def workers_metrics() -> Iterator[Path]:
    """The directory every worker keeps its metrics in, emptied first (prometheus_client's
    multiprocess mode): `PROMETHEUS_MULTIPROC_DIR` when given, else a temporary one."""
    given = os.environ.get(MULTIPROC_DIR)
    try:
        if given:
            directory = Path(given)
            directory.mkdir(parents=True, exist_ok=True)
            # An earlier run's counts are not this run's.
            for stale in directory.glob("*.db"):
                stale.unlink()
        else:
            directory = Path(tempfile.mkdtemp(prefix="gateway-metrics-"))
    except OSError as exc:
        raise ConfigurationError(
            f"{MULTIPROC_DIR}: no writable directory for the workers' metrics ({exc.strerror});"
            " set it to one (e.g. an emptyDir volume)"
        ) from None
    # Read by prometheus_client when each worker (a new interpreter) imports it.
    os.environ[MULTIPROC_DIR] = str(directory)
    try:
        yield directory
    finally:
        if not given:
            os.environ.pop(MULTIPROC_DIR, None)
            shutil.rmtree(directory, ignore_errors=True)


def announce(settings: Settings) -> None:
    where = loopback(settings.host, settings.port)
    extra = "  (sandbox upstreams under /sandbox)" if settings.sandbox.mode == "loopback" else ""
    if settings.sandbox.mode == "external":
        extra = f"  (sandbox upstreams at {settings.sandbox.external_url})"
    profile = profile_of(settings)
    what = "GraphiQL" if profile.graphiql else "GraphQL (GraphiQL off)"
    if profile.log_format == "json":
        # A log pipeline reads JSON lines only: the address goes to the log, as one of them.
        logger.info("%s: %s/graphql%s", what, where, extra)
    else:
        print(f"{what}: {where}/graphql{extra}", flush=True)
    if settings.workers > 1 and settings.redis_url is None:
        logger.warning(
            "%d workers without GATEWAY_REDIS_URL: each keeps its own upstream tokens, login "
            "budget, rate limits and caches (Xandr's login budget is spent up to %d times over)",
            settings.workers,
            settings.workers,
        )


@contextlib.contextmanager
def sandbox_process(settings: Settings) -> Iterator[str]:
    """`gateway sandbox` on a free loopback port for as long as the workers run."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = os.environ | {"GATEWAY_LOG_LEVEL": "WARNING"}
    command = [sys.executable, "-m", "gateway", "sandbox", "--host", "127.0.0.1"]
    process = subprocess.Popen([*command, "--port", str(port)], env=env)  # noqa: S603
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{url}/_stats", process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=settings.shutdown_timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_until_answering(url: str, process: subprocess.Popen[bytes], timeout_s: float = 30) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url, timeout=1).status_code == 200:
                return
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the sandbox process did not start (exit code {process.poll()})")
        time.sleep(0.05)
