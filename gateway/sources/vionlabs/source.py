"""Vionlabs as one registrable source."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.sources.spec import Source
from gateway.sources.vionlabs import simulator
from gateway.sources.vionlabs.client import VionlabsClient, open_client
from gateway.sources.vionlabs.settings import VionlabsSettings

# The first ten catalog items of the sandbox world (`World.catalog_item_ids`).
SANDBOX_DEFAULT_ITEMS = [f"asset-{i:04d}" for i in range(1, 11)]


@dataclass(frozen=True)
class VionlabsSource(Source[VionlabsSettings, VionlabsClient]):
    """Adds the sandbox's default catalog items, a list the string-valued credentials can't hold."""

    def sandboxed(self, section: VionlabsSettings, base_url: str) -> VionlabsSettings:
        settings = super().sandboxed(section, base_url)
        if settings.default_catalog_item_ids:
            return settings
        return settings.model_copy(update={"default_catalog_item_ids": SANDBOX_DEFAULT_ITEMS})


VIONLABS = VionlabsSource(
    name="vionlabs",
    client_type=VionlabsClient,
    open_client=open_client,
    simulator=simulator.create_simulator,
    sandbox_credentials={"api_key": simulator.DEMO_API_KEY},
)
