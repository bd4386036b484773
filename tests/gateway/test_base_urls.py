"""A base URL may be the host root or the API's documented base path; anything else of the API's
own paths stops start-up in one line."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from gateway.cli import app
from gateway.errors import UpstreamBadResponse
from gateway.http.settings import UpstreamSettings
from gateway.sandbox.app import create_sandbox
from gateway.sources.interchange.client import open_client as open_interchange
from gateway.sources.interchange.settings import InterchangeSettings
from gateway.sources.limbobeat.client import open_client as open_limbobeat
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.sources.registry import SOURCES

# Each source's documented base URL (reference: Base URL), and what it is read as.
DOCUMENTED = {
    "limbobeat": ("https://host.example.com/api/v1", "https://host.example.com/"),
    "interchange": (
        "https://api.interchange.io/api/v2/storefront/",
        "https://api.interchange.io/",
    ),
    "blueworks": ("https://us001.blueworkslive.com/scr/api", "https://us001.blueworkslive.com/"),
    "vionlabs": ("https://apis.prod.vionlabs.com/tasks", "https://apis.prod.vionlabs.com/"),
    "xandr": ("https://api.appnexus.com", "https://api.appnexus.com/"),
}
SECTIONS: dict[str, type[UpstreamSettings]] = {s.name: s.settings_type for s in SOURCES}


@pytest.mark.parametrize("source", sorted(DOCUMENTED))
def test_the_documented_base_path_is_read_as_the_host_root(source: str) -> None:
    given, read = DOCUMENTED[source]

    assert str(SECTIONS[source](base_url=given).base_url) == read
    assert str(SECTIONS[source](base_url=read).base_url) == read


def test_a_path_prefix_in_front_of_the_api_is_kept() -> None:
    behind_proxy = LimbobeatSettings(base_url="https://gw.example.com/limbo/api/v1")
    prefix_only = LimbobeatSettings(base_url="https://gw.example.com/limbo")

    assert str(behind_proxy.base_url) == str(prefix_only.base_url) == "https://gw.example.com/limbo"


@pytest.mark.parametrize(
    ("variable", "url"),
    [
        ("GATEWAY_LIMBOBEAT__BASE_URL", "https://host.example.com/api/v2"),
        ("GATEWAY_INTERCHANGE__BASE_URL", "https://api.interchange.io/api/v2"),
        ("GATEWAY_LIMBOBEAT__BASE_URL", "https://host.example.com/api/v1/send-tasks"),
        ("GATEWAY_XANDR__BASE_URL", "https://api.appnexus.com/inventory-list"),
    ],
)
def test_a_base_url_into_the_api_some_other_way_stops_start_up_in_one_line(
    variable: str, url: str
) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "1"], env={variable: url})

    assert result.exit_code == 2
    (line,) = result.output.strip().splitlines()
    assert line.startswith(f"configuration error: {variable}:")
    assert "host root" in line
    assert "Traceback" not in result.output


async def test_clients_given_the_documented_base_path_do_not_double_it() -> None:
    sandbox = create_sandbox(
        {s.name: s.simulator for s in SOURCES if s.name in ("limbobeat", "interchange")},
        seed=20261123,
        size=20,
    )
    transport = httpx.ASGITransport(sandbox)
    limbobeat = open_limbobeat(
        LimbobeatSettings(
            base_url="http://sandbox.internal/limbobeat/api/v1",
            token="sandbox-limbobeat-token",
        ),
        transport,
    )
    interchange = open_interchange(
        InterchangeSettings(
            base_url="http://sandbox.internal/interchange/api/v2/storefront",
            api_key="scope3_sandboxclient_demosecret",
        ),
        transport,
    )
    try:
        assert (await limbobeat.get_send_task("5001")).id == "5001"
        await interchange.probe()
        item = await interchange.get_work_item("retail-modular", "wi_10000")
        assert item is not None
    finally:
        await limbobeat.aclose()
        await interchange.aclose()


async def test_a_probe_tells_a_base_url_pointing_elsewhere_from_an_unknown_resource() -> None:
    sandbox = create_sandbox({s.name: s.simulator for s in SOURCES}, seed=20261123, size=5)
    elsewhere = open_interchange(
        InterchangeSettings(
            base_url="http://sandbox.internal/not-interchange",
            api_key="scope3_sandboxclient_demosecret",
        ),
        httpx.ASGITransport(sandbox),
    )
    try:
        with pytest.raises(UpstreamBadResponse, match="BASE_URL"):
            await elsewhere.probe()
    finally:
        await elsewhere.aclose()
