"""Every subscription a docs page shows runs over graphql-transport-ws and answers."""

from __future__ import annotations

import pytest

from tests.live.client import connected
from tests.live.conftest import StartServer, live_settings
from tests.test_docs import HEADER_COMMENT, graphql_examples


@pytest.mark.parametrize("example", graphql_examples(subscriptions=True))
async def test_every_subscription_example_runs_on_the_sandbox(
    start_server: StartServer, example: str
) -> None:
    server = await start_server(live_settings())
    async with connected(server) as ws:
        assert (await ws.init(dict(HEADER_COMMENT.findall(example))))["type"] == "connection_ack"
        await ws.subscribe("1", example)
        first = await ws.event("1")
    assert first["__typename"] == "TaskSnapshot"
