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
from gateway.loaders import BuildsFromClients

L = TypeVar("L", bound=BuildsFromClients)


class GatewayContext(BaseContext):
    """Built fresh for every GraphQL request by the app's async context getter."""

    def __init__(
        self, *, settings: Settings, clients: Clients, identity: Identity, debug_calls: bool
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
        self.scope = RequestScope(
            settings.request_timeout_s, guards=[CallBudget(settings.max_upstream_calls)]
        )
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
