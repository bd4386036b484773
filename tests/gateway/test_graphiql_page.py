"""The GraphiQL page over HTTP: same-origin assets only, a strict CSP, licences, one switch."""

from __future__ import annotations

import json
import re
from pathlib import Path

from starlette.requests import Request

from gateway.callers.settings import AuthSettings
from gateway.graphiql.page import Assets, GraphiQLPage
from tests.conftest import Gateway, MakeGateway, sandbox_settings

BROWSER = {"Accept": "text/html"}
# Production refuses to start without caller authentication unless it is turned off by name.
NO_AUTH = AuthSettings(mode=["none"])
PINS = Path(__file__).resolve().parents[2] / "gateway" / "graphiql" / "npm" / "package.json"


def csp_directives(header: str) -> dict[str, list[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def page_config(text: str) -> dict[str, str]:
    block = re.search(r'<script type="application/json" id="graphiql-config">(.*?)</script>', text)
    assert block is not None
    config: dict[str, str] = json.loads(block.group(1))
    return config


async def test_the_page_runs_no_inline_script_and_no_eval(gateway: Gateway) -> None:
    page = await gateway.http.get("/graphql", headers=BROWSER)

    csp = csp_directives(page.headers["content-security-policy"])
    assert page.status_code == 200
    assert csp["default-src"] == ["'none'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    # Only scripts with a src, and the JSON block the browser never runs.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page.text)
    assert inline == [' type="application/json" id="graphiql-config"']


async def test_each_response_has_its_own_style_nonce_and_hands_it_to_the_page(
    gateway: Gateway,
) -> None:
    first = await gateway.http.get("/graphql", headers=BROWSER)
    second = await gateway.http.get("/graphql", headers=BROWSER)

    nonces = [
        csp_directives(response.headers["content-security-policy"])["style-src"][1]
        for response in (first, second)
    ]
    assert nonces[0] != nonces[1]
    assert nonces[0] == f"'nonce-{page_config(first.text)['styleNonce']}'"
    assert first.headers["cache-control"] == "no-store"


async def test_every_asset_the_page_names_is_served_from_the_gateway(gateway: Gateway) -> None:
    page = await gateway.http.get("/graphql", headers=BROWSER)

    urls = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assets = [url for url in urls if not url.startswith("data:")]
    served = {url: await gateway.http.get(url) for url in assets}
    assert all(url.startswith("/graphiql/") for url in assets)
    assert {url: r.status_code for url, r in served.items()} == {url: 200 for url in assets}
    kinds = {r.headers["content-type"].split(";")[0] for r in served.values()}
    assert kinds == {"text/javascript", "text/css", "text/plain"}

    pins = json.loads(PINS.read_text())["dependencies"]
    for name in ("graphiql", "@graphiql/plugin-explorer", "react", "react-dom"):
        assert f"/graphiql/vendor/{name}@{pins[name]}/" in page.text


async def test_each_vendored_package_is_served_with_its_licence(gateway: Gateway) -> None:
    assets = Assets.load()
    assert assets is not None

    notices = await gateway.http.get(f"/graphiql/{assets.notices}")
    for name, version in assets.packages.items():
        licence = await gateway.http.get(f"/graphiql/vendor/{name}@{version}/LICENSE")
        assert licence.status_code == 200
        assert "Permission is hereby granted" in licence.text
        assert f"{name}@{version} (MIT)" in notices.text


async def test_the_default_query_answers_on_the_sandbox(gateway: Gateway) -> None:
    page = await gateway.http.get("/graphql", headers=BROWSER)

    body = await gateway.gql(page_config(page.text)["defaultQuery"])

    assert "errors" not in body
    assert body["data"]["tasks"]["totalCount"] > 0
    assert body["data"]["taskSummary"]["exact"] is True


async def test_production_serves_no_graphiql_but_still_answers_queries(
    make_gateway: MakeGateway,
) -> None:
    gw = await make_gateway(sandbox_settings(environment="production", auth=NO_AUTH))

    page = await gw.http.get("/graphql", headers=BROWSER)
    asset = await gw.http.get("/graphiql/gateway-graphiql.js")
    body = await gw.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }', debug=False)

    assert page.status_code == 404
    assert asset.status_code == 404
    assert body["data"]["sendTask"]["upstreamId"] == "5001"


async def test_production_serves_graphiql_when_the_setting_says_so(
    make_gateway: MakeGateway,
) -> None:
    settings = sandbox_settings(environment="production", auth=NO_AUTH, graphiql=True)
    gw = await make_gateway(settings)

    page = await gw.http.get("/graphql", headers=BROWSER)
    asset = await gw.http.get("/graphiql/gateway-graphiql.js")

    assert page.status_code == 200
    assert "content-security-policy" in page.headers
    assert asset.status_code == 200


def test_a_gateway_whose_assets_are_not_built_says_how_to_build_them() -> None:
    page = GraphiQLPage(default_query="{ __typename }", assets=None)
    request = Request({"type": "http", "method": "GET", "path": "/graphql", "headers": []})

    missing = page.response(request)

    assert missing.status_code == 503
    assert b"make graphiql" in missing.body
    assert "content-security-policy" in missing.headers
