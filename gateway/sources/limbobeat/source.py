"""limbo/Beat as one registrable source."""

from gateway.sources.limbobeat import simulator
from gateway.sources.limbobeat.client import LimbobeatClient, open_client
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.sources.spec import Source

LIMBOBEAT = Source(
    name="limbobeat",
    settings_type=LimbobeatSettings,
    client_type=LimbobeatClient,
    open_client=open_client,
    simulator=simulator.create_simulator,
    sandbox_credentials={"email": simulator.DEMO_EMAIL, "password": simulator.DEMO_PASSWORD},
    writes="limbo/Beat mutations: creating and changing send tasks (deliveries)",
)
