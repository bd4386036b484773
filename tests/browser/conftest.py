"""A gateway served on a free port in a thread, and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Route,
    WebSocket,
    sync_playwright,
)
from starlette.types import ASGIApp, Receive, Scope, Send

from gateway.app import create_app
from gateway.config import SandboxSettings, Settings

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium phones home at start (refused here anyway).
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ORIGIN_HOST = "127.0.0.1"


class RequestRecorder:
    """Keeps the headers of every GraphQL POST the gateway receives, for server-side asserts."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.graphql_posts: list[dict[str, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"] == "/graphql":
            headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
            self.graphql_posts.append(headers)
        await self.app(scope, receive, send)


@dataclass
class Served:
    url: str
    recorder: RequestRecorder


@pytest.fixture(scope="module")
def served_gateway() -> Iterator[Served]:
    """The gateway with its sandbox over loopback, as `make run` serves it, on a free port."""
    sock = socket.socket()
    sock.bind((ORIGIN_HOST, 0))
    base = f"http://{ORIGIN_HOST}:{sock.getsockname()[1]}"
    sandbox = SandboxSettings(mode="loopback", loopback_base_url=base)
    recorder = RequestRecorder(create_app(Settings(sandbox=sandbox)))
    server = uvicorn.Server(uvicorn.Config(recorder, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the gateway did not start")
        time.sleep(0.05)
    try:
        yield Served(url=base, recorder=recorder)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@dataclass
class Watch:
    """What a page did that it must not: leave the origin, break the CSP, throw."""

    outside: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def guard(self, route: Route) -> None:
        url = route.request.url
        if urlsplit(url).hostname == ORIGIN_HOST:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def websocket(self, socket: WebSocket) -> None:
        if urlsplit(socket.url).hostname != ORIGIN_HOST:
            self.outside.append(socket.url)

    def console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[BrowserContext, Watch]]:
    """A fresh browser profile whose every request off 127.0.0.1 is blocked and recorded."""
    watch = Watch()
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    context.route("**/*", watch.guard)
    context.on("console", watch.console)
    context.on("weberror", lambda error: watch.page_errors.append(str(error.error)))
    try:
        yield context, watch
    finally:
        context.close()
