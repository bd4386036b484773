"""Interchange as one registrable source."""

from gateway.sandbox.world import INTERCHANGE_SOURCE_IDS
from gateway.sources.interchange import simulator
from gateway.sources.interchange.client import InterchangeClient, open_client
from gateway.sources.interchange.settings import InterchangeSettings
from gateway.sources.spec import Source

INTERCHANGE = Source(
    name="interchange",
    settings_type=InterchangeSettings,
    client_type=InterchangeClient,
    open_client=open_client,
    simulator=simulator.create_simulator,
    sandbox_credentials={"api_key": simulator.DEMO_API_KEY},
    # The sandbox's `workItems` reads every seeded inventory source when a query names none.
    sandbox_defaults={"default_source_ids": list(INTERCHANGE_SOURCE_IDS)},
    writes="Interchange mutations: completing work items",
)
