"""IBM Blueworks Live as one registrable source."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.sources.blueworks import simulator
from gateway.sources.blueworks.client import BlueworksClient, open_client
from gateway.sources.blueworks.settings import BlueworksSettings
from gateway.sources.spec import Source


@dataclass(frozen=True)
class BlueworksSource(Source[BlueworksSettings, BlueworksClient]):
    """The sandbox has one credential per Service ID kind; the section's kind picks which."""

    user_sandbox_credentials: dict[str, str]

    def sandboxed(self, section: BlueworksSettings, base_url: str) -> BlueworksSettings:
        credentials = (
            self.user_sandbox_credentials
            if section.service_id_kind == "user"
            else self.sandbox_credentials
        )
        values = section.model_dump() | credentials | {"base_url": base_url}
        return BlueworksSettings.model_validate(values)


BLUEWORKS = BlueworksSource(
    name="blueworks",
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
