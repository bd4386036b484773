"""IBM Blueworks Live as one registrable source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from gateway.sources.blueworks import simulator
from gateway.sources.blueworks.client import BlueworksClient, open_client
from gateway.sources.blueworks.settings import BlueworksSettings
from gateway.sources.spec import Source


@dataclass(frozen=True)
class BlueworksSource(Source[BlueworksSettings, BlueworksClient]):
    """The sandbox has one credential per Service ID kind; the section's kind picks which."""

    user_sandbox_credentials: Mapping[str, object] = field(default_factory=dict)

    def sandboxed(self, section: BlueworksSettings, base_url: str) -> BlueworksSettings:
        chosen = self
        if section.service_id_kind == "user":
            chosen = replace(self, sandbox_credentials=self.user_sandbox_credentials)
        return Source.sandboxed(chosen, section, base_url)


BLUEWORKS = BlueworksSource(
    name="blueworks",
    settings_type=BlueworksSettings,
    client_type=BlueworksClient,
    open_client=open_client,
    simulator=simulator.create_simulator,
    sandbox_credentials={
        "client_id": simulator.SERVICE_ID,
        "client_secret": simulator.SERVICE_SECRET,
    },
    user_sandbox_credentials={
        "client_id": simulator.USER_SERVICE_ID,
        "client_secret": simulator.USER_SERVICE_SECRET,
    },
)
