"""How a source plugs into the gateway: one `Source` value per upstream folder."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

import httpx

from gateway.http.settings import UpstreamSettings
from gateway.sandbox.kit import SimulatorFactory
from gateway.state import StateStore


class SourceClient(Protocol):
    async def aclose(self) -> None: ...


SettingsT = TypeVar("SettingsT", bound=UpstreamSettings)
ClientT = TypeVar("ClientT", bound=SourceClient)


@dataclass(frozen=True)
class Source(Generic[SettingsT, ClientT]):
    """One upstream: its settings section, how to open its client, and its simulator."""

    # The settings section and sandbox path segment, e.g. "limbobeat".
    name: str
    settings_type: type[SettingsT]
    client_type: type[ClientT]
    # The store shares what the client keeps beyond a request (its upstream token) fleet-wide.
    open_client: Callable[[SettingsT, httpx.AsyncBaseTransport | None, StateStore], ClientT]
    simulator: SimulatorFactory
    # The sandbox's demo credentials, put in place of the section's when it stands in.
    sandbox_credentials: Mapping[str, object]
    # Values that suit the sandbox's seed data, used where the section leaves the field empty.
    sandbox_defaults: Mapping[str, object] = field(default_factory=dict)
    # What its write scope (`<name>:write`, gateway/callers/scopes.py) lets a caller change,
    # for the scope table; None when the gateway never writes to it (no scope then).
    writes: str | None = None

    def sandboxed(self, section: SettingsT, base_url: str) -> SettingsT:
        """The section pointed at the simulator, keeping its timeouts, limits and choices."""
        values = section.model_dump()
        defaults = {k: v for k, v in self.sandbox_defaults.items() if not values.get(k)}
        merged = values | defaults | dict(self.sandbox_credentials) | {"base_url": base_url}
        return self.settings_type.model_validate(merged)
