"""Start-up refusals (one line, exit 2 from the CLI), the CLI's token commands, and CORS."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gateway.app import create_app
from gateway.callers.settings import AuthSettings
from gateway.cli import app as cli
from gateway.config import ConfigurationError, SandboxSettings, Settings, load_settings
from tests.callers.helpers import JWKS_URL, SEND_TASKS, bearer, post
from tests.conftest import MakeGateway, sandbox_settings

NEEDS_AUTH = "GATEWAY_AUTH__MODE: production needs caller authentication"


def refused(**settings: Any) -> str:
    with pytest.raises(ConfigurationError) as exc:
        create_app(Settings(**{"sandbox": SandboxSettings(mode="in_process"), **settings}))
    message = str(exc.value)
    assert "\n" not in message
    return message


def test_production_without_authentication_refuses_to_start() -> None:
    assert refused(environment="production").startswith(NEEDS_AUTH)


def test_production_jwt_needs_issuer_audience_and_https() -> None:
    auth = AuthSettings(jwks_url="http://idp.example.com/jwks.json")
    assert refused(environment="production", auth=auth) == (
        "GATEWAY_AUTH__ISSUER: required in production with JWT authentication; "
        "GATEWAY_AUTH__AUDIENCE: required in production with JWT authentication; "
        "GATEWAY_AUTH__JWKS_URL: must be https in production"
    )


def test_a_mode_without_its_settings_refuses_to_start_anywhere() -> None:
    assert refused(auth=AuthSettings(mode=["proxy"])) == (
        "GATEWAY_AUTH__MODE: proxy needs GATEWAY_AUTH__PROXY_SECRET or PROXY_NETWORKS "
        "(the proof a request came through it)"
    )


def test_hs_algorithms_need_a_secret() -> None:
    auth = AuthSettings(jwks_url=JWKS_URL, algorithms=["RS256", "HS256"])
    assert (
        refused(auth=auth)
        == "GATEWAY_AUTH__ALGORITHMS: HS* algorithms need GATEWAY_AUTH__JWT_SECRET"
    )


@pytest.mark.parametrize("value", ["none", "RS256,none", "HS1"])
def test_an_unknown_or_none_algorithm_is_a_settings_error(value: str) -> None:
    with pytest.raises(ConfigurationError, match=r"GATEWAY_AUTH__ALGORITHMS: .*is not allowed"):
        load_settings(auth={"algorithms": value})


def test_a_short_proxy_secret_is_refused_in_production() -> None:
    auth = AuthSettings(proxy_secret="short")
    assert refused(environment="production", auth=auth) == (
        "GATEWAY_AUTH__PROXY_SECRET: shorter than 16 characters"
    )


def test_the_loopback_sandbox_is_refused_in_production() -> None:
    message = refused(
        environment="production",
        auth=AuthSettings(mode=["none"]),
        sandbox=SandboxSettings(mode="loopback"),
    )
    assert message.startswith("GATEWAY_SANDBOX__MODE=loopback: the simulators")


async def test_mode_none_starts_in_production_and_warns(
    make_gateway: MakeGateway, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        gw = await make_gateway(
            sandbox_settings(environment="production", auth=AuthSettings(mode=["none"]))
        )
    assert "authentication is off (GATEWAY_AUTH__MODE=none)" in caplog.text
    assert (await post(gw, {})).status_code == 200


def run(*args: str, **env: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def test_serve_in_production_without_auth_stops_in_one_line() -> None:
    code, output = run("serve", GATEWAY_ENVIRONMENT="production")
    assert code == 2
    assert output.startswith(f"configuration error: {NEEDS_AUTH}")
    assert output.count("\n") == 1


def test_serve_sandbox_in_production_stops_in_one_line() -> None:
    code, output = run(
        "serve", "--sandbox", GATEWAY_ENVIRONMENT="production", GATEWAY_AUTH__MODE="none"
    )
    assert code == 2
    assert output == (
        "configuration error: GATEWAY_SANDBOX__MODE=loopback: the simulators (and their fault "
        "switches) are never served in production; drop --sandbox\n"
    )


def test_the_sandbox_command_is_refused_in_production() -> None:
    code, output = run("sandbox", GATEWAY_ENVIRONMENT="production")
    assert code == 2 and output.count("\n") == 1


async def test_a_token_from_the_cli_authenticates_in_development(
    make_gateway: MakeGateway, tmp_path: Path
) -> None:
    code, token = run("token", "--sub", "priya.shah@example.com", "--scope", "work:read")
    assert code == 0
    # With a mode on (here API keys), credentials are required, and the dev token is one.
    keys = tmp_path / "keys.json"
    keys.write_text('{"keys": []}')
    gw = await make_gateway(sandbox_settings(auth=AuthSettings(api_keys_file=keys)))
    assert (await post(gw, {})).status_code == 401
    assert (await post(gw, bearer(token.strip()), SEND_TASKS)).status_code == 200


def test_the_cli_refuses_an_unknown_scope() -> None:
    code, output = run("token", "--sub", "a@example.com", "--scope", "work:admin")
    assert code == 2 and "unknown scope 'work:admin'" in output


def test_api_key_prints_the_key_once_and_only_its_hash_in_the_entry() -> None:
    code, output = run("api-key", "--name", "ops", "--scope", "work:read")
    assert code == 0
    key_line, _, entry = output.splitlines()
    key = key_line.rsplit(" ", 1)[1]
    assert key.startswith("gwk_") and key not in entry and '"sha256"' in entry


ORIGIN = "https://ops.example.com"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}


async def test_cors_preflight_from_a_listed_origin_allows_credentials(
    make_gateway: MakeGateway,
) -> None:
    gw = await make_gateway(
        sandbox_settings(cors_origins=[ORIGIN], auth=AuthSettings(proxy_networks=["10.0.0.0/8"]))
    )
    response = await gw.http.options("/graphql", headers={"Origin": ORIGIN, **PREFLIGHT})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN
    assert response.headers["access-control-allow-credentials"] == "true"
    assert "authorization" in response.headers["access-control-allow-headers"].lower()
    assert "POST" in response.headers["access-control-allow-methods"]


async def test_cors_gives_an_unlisted_origin_no_headers(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings(cors_origins=[ORIGIN]))
    other = {"Origin": "https://evil.example.com"}
    preflight = await gw.http.options("/graphql", headers={**other, **PREFLIGHT})
    assert not [h for h in preflight.headers if h.startswith("access-control-")]
    response = await gw.http.post("/graphql", json={"query": SEND_TASKS}, headers=other)
    assert "access-control-allow-origin" not in response.headers


async def test_a_wildcard_origin_never_allows_credentials(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings(cors_origins=["*"]))
    response = await gw.http.options("/graphql", headers={"Origin": ORIGIN, **PREFLIGHT})
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
