"""Switchable faults for the simulators: latency, error statuses, 429, hangs, malformed bodies."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.sandbox.stats import CLIENT_GONE


class Fault(BaseModel):
    """What goes wrong with one simulator's answers until it is cleared or used up."""

    model_config = ConfigDict(extra="forbid")

    latency_ms: int = Field(default=0, ge=0, le=600_000)
    status: int | None = Field(default=None, ge=400, le=599)
    retry_after_s: int = Field(default=1, ge=0, le=3600)
    timeout: bool = False
    hang_s: float = Field(default=60.0, ge=0, le=3600)
    malformed: bool = False
    # How many matching requests it applies to; None: every one until cleared.
    times: int | None = Field(default=None, ge=1)
    # Only requests whose path (below the simulator's root) starts with this.
    path_prefix: str | None = None


# A simulator renders error statuses in its own upstream's body shape.
ErrorRenderer = Callable[[int, str, dict[str, str]], Response]


def plain_error(status: int, message: str, headers: dict[str, str]) -> Response:
    return Response(message, status_code=status, headers=headers, media_type="text/plain")


@dataclass
class FaultBoard:
    """The faults currently switched on, by source name; shared by the control endpoints."""

    faults: dict[str, Fault]

    def take(self, source: str, path: str) -> Fault | None:
        fault = self.faults.get(source)
        if fault is None or (fault.path_prefix and not path.startswith(fault.path_prefix)):
            return None
        if fault.times is not None:
            if fault.times <= 1:
                del self.faults[source]
            else:
                self.faults[source] = fault.model_copy(update={"times": fault.times - 1})
        return fault


class FaultMiddleware:
    """Wraps one simulator; consults the board before letting a request through."""

    def __init__(
        self, app: ASGIApp, source: str, board: FaultBoard, render_error: ErrorRenderer
    ) -> None:
        self.app = app
        self.source = source
        self.board = board
        self.render_error = render_error

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, root = scope.get("path", ""), scope.get("root_path", "")
        fault = self.board.take(self.source, path[len(root) :] if path.startswith(root) else path)
        if fault is None:
            await self.app(scope, receive, send)
            return
        watch = ClientWatch(receive)
        receive = watch.receive
        for delay in (fault.latency_ms / 1000, fault.hang_s if fault.timeout else 0.0):
            if delay and not await watch.hold(delay):
                # No one to answer: counted as cancelled, as a real server sees a dropped call.
                scope[CLIENT_GONE] = True
                return
        if fault.status is not None:
            headers = (
                {"Retry-After": str(fault.retry_after_s)} if fault.status in (429, 503) else {}
            )
            response = self.render_error(fault.status, "sandbox fault", headers)
            await response(scope, receive, send)
            return
        if fault.malformed:
            body = json.dumps({"sandbox": "fault"})[:-3]
            await Response(body, media_type="application/json")(scope, receive, send)
            return
        await self.app(scope, receive, send)


class ClientWatch:
    """Listens while a fault holds a request, to notice a client that hangs up.

    A real upstream's server sees the gateway close the connection when it gives up on a call;
    uvicorn only says so to an app that reads `receive`. What is read is handed on unchanged.
    """

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._read: list[Message] = []
        self._gone = asyncio.Event()

    async def hold(self, seconds: float) -> bool:
        """Waits `seconds`; False as soon as the client has gone."""
        listening = asyncio.create_task(self._listen())
        try:
            await asyncio.wait_for(self._gone.wait(), seconds)
        except TimeoutError:
            return True
        finally:
            listening.cancel()
        return False

    async def receive(self) -> Message:
        return self._read.pop(0) if self._read else await self._receive()

    async def _listen(self) -> None:
        while not self._gone.is_set():
            message = await self._receive()
            if message["type"] == "http.disconnect":
                self._gone.set()
            else:
                self._read.append(message)
