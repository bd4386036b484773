"""The per-request context: the verified caller, the open clients, and this request's loaders."""

from __future__ import annotations

import copy
import time
from typing import Any, TypeVar

import strawberry
from strawberry.fastapi import BaseContext

from gateway.callers.identity import Identity
from gateway.calls import CallLog
from gateway.clients import Clients
from gateway.config import Settings
from gateway.errors import GatewayError
from gateway.http.request_scope import RequestScope
from gateway.limits.budget import CallBudget
from gateway.live.hub import LiveHub
from gateway.loaders import BuildsFromClients

L = TypeVar("L", bound=BuildsFromClients)


class GatewayContext(BaseContext):
    """Built fresh for every GraphQL request by the app's async context getter."""

    def __init__(
        self,
        *,
        settings: Settings,
        clients: Clients,
        identity: Identity,
        debug_calls: bool,
        live: LiveHub | None = None,
        deadline: bool = True,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.clients = clients
        # Who asks, for whom, with which scopes (gateway.callers); one object for every concern.
        self.identity = identity
        self.debug_calls = debug_calls
        self.call_log = CallLog(started_at=time.perf_counter())
        # The deadline starts when the request arrives; the schema extension makes it current.
        # The call budget is the safety net under the cost estimate (gateway.limits.budget).
        # A subscription (WebSocket, event stream) lives on: no deadline, and a budget per event.
        self.scope = RequestScope(
            settings.request_timeout_s if deadline else None,
            guards=[CallBudget(settings.max_upstream_calls)],
        )
        # The process's shared pollers (gateway.live), for subscriptions and the writes they see.
        self.live = live
        # A WebSocket's `connection_init` payload (Strawberry sets it); its credentials.
        self.connection_params: dict[str, Any] | None = None
        self._loaders: dict[type[Any], Any] = {}
        # Errors beside data: a field that still answers (e.g. tasks of the sources that did)
        # reports the part it could not get here, and the response lists it under `errors`.
        self.side_errors: list[tuple[GatewayError, list[str | int]]] = []

    def for_operation(self) -> GatewayContext:
        """The context of one operation of a batch: the same caller, loaders, call log and call
        budget, but its own deadline scope (closed when that operation's answer is ready) and
        its own errors beside data."""
        own = copy.copy(self)
        own.scope = RequestScope(self.settings.request_timeout_s, guards=self.scope.guards)
        own.side_errors = []
        return own

    async def wrote(self, source: str, *keys: str) -> None:
        """A mutation changed `keys` of `source`: live subscriptions watching them poll now."""
        if self.live is not None:
            await self.live.wrote(source, keys)

    def next_event(self) -> None:
        """Before each event of a subscription: fresh loaders, an empty call log, no errors."""
        self._loaders.clear()
        self.call_log.calls.clear()
        self.side_errors.clear()
        for guard in self.scope.guards:
            if isinstance(guard, CallBudget):
                guard.used = 0

    def report(self, error: GatewayError, path: list[str | int]) -> None:
        self.side_errors.append((error, path))

    def loader(self, loader_type: type[L]) -> L:
        """This request's instance of a loader, so its batching and cache span the request."""
        existing = self._loaders.get(loader_type)
        if existing is None:
            existing = loader_type.from_clients(self.clients)
            self._loaders[loader_type] = existing
        assert isinstance(existing, loader_type)
        return existing


Info = strawberry.Info[GatewayContext, None]
