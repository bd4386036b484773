"""Xandr as one registrable source."""

from gateway.sources.spec import Source
from gateway.sources.xandr import simulator
from gateway.sources.xandr.client import XandrClient, open_client
from gateway.sources.xandr.settings import XandrSettings

XANDR = Source(
    name="xandr",
    settings_type=XandrSettings,
    client_type=XandrClient,
    open_client=open_client,
    simulator=simulator.create_simulator,
    sandbox_credentials={"username": simulator.DEMO_USERNAME, "password": simulator.DEMO_PASSWORD},
    writes="Xandr mutations: creating, changing and deleting inventory lists and items",
)
