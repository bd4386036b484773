"""Vionlabs as one registrable source."""

from gateway.sources.spec import Source
from gateway.sources.vionlabs import simulator
from gateway.sources.vionlabs.client import VionlabsClient, open_client
from gateway.sources.vionlabs.settings import VionlabsSettings

VIONLABS = Source(
    name="vionlabs",
    settings_type=VionlabsSettings,
    client_type=VionlabsClient,
    open_client=open_client,
    simulator=simulator.create_simulator,
    sandbox_credentials={"api_key": simulator.DEMO_API_KEY},
    # The first ten catalog items of the sandbox world (`World.catalog_item_ids`).
    sandbox_defaults={"default_catalog_item_ids": [f"asset-{i:04d}" for i in range(1, 11)]},
    writes="Vionlabs mutations: ordering and deactivating catalog tasks",
)
