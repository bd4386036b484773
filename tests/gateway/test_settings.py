"""Settings that cannot work stop the gateway at start-up, in one readable line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from gateway.app import create_app
from gateway.cli import app
from gateway.config import ConfigurationError, Settings
from gateway.sources.limbobeat.settings import LimbobeatSettings

runner = CliRunner()


def serve(env: dict[str, str]) -> tuple[int, str]:
    result = runner.invoke(app, ["serve", "--port", "1"], env=env)
    return result.exit_code, result.output


def test_a_configured_upstream_without_credentials_fails_start_up() -> None:
    code, output = serve({"GATEWAY_LIMBOBEAT__BASE_URL": "https://limbobeat.example.com"})

    assert code == 2
    assert output.startswith("configuration error: GATEWAY_LIMBOBEAT__TOKEN")
    assert "Traceback" not in output
    assert len(output.strip().splitlines()) == 1


def test_a_malformed_url_fails_start_up_naming_the_variable() -> None:
    code, output = serve({"GATEWAY_XANDR__BASE_URL": "not a url"})

    assert code == 2
    assert "GATEWAY_XANDR__BASE_URL" in output
    assert "URL" in output
    assert "Traceback" not in output


def test_an_invalid_number_fails_start_up_naming_the_variable() -> None:
    code, output = serve({"GATEWAY_VIONLABS__TIMEOUT_S": "-3"})

    assert code == 2
    assert "GATEWAY_VIONLABS__TIMEOUT_S" in output


def test_start_up_errors_never_print_a_secret() -> None:
    code, output = serve(
        {
            "GATEWAY_XANDR__BASE_URL": "https://api.example.com",
            "GATEWAY_XANDR__PASSWORD": "hunter2-very-secret",
        }
    )

    assert code == 2
    assert "GATEWAY_XANDR__USERNAME" in output
    assert "hunter2" not in output


def test_settings_read_nested_sections_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GATEWAY_LIMBOBEAT__BASE_URL", "https://limbobeat.example.com")
    monkeypatch.setenv("GATEWAY_LIMBOBEAT__TOKEN", "t0k3n")
    monkeypatch.setenv("GATEWAY_LIMBOBEAT__TIMEOUT_S", "2.5")

    settings = Settings()

    assert str(settings.limbobeat.base_url) == "https://limbobeat.example.com/"
    assert settings.limbobeat.timeout_s == 2.5
    assert "t0k3n" not in repr(settings)


def test_create_app_refuses_a_configured_source_without_credentials() -> None:
    settings = Settings(limbobeat=LimbobeatSettings(base_url="https://x.example.com"))

    with pytest.raises(ConfigurationError, match="GATEWAY_LIMBOBEAT__TOKEN"):
        create_app(settings)


def test_a_list_that_is_not_json_fails_start_up_with_a_hint() -> None:
    code, output = serve({"GATEWAY_CORS_ORIGINS": "https://a.example"})

    assert code == 2
    assert "cors_origins" in output
    assert "JSON" in output
    assert "Traceback" not in output


def test_id_lists_read_as_comma_separated_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_VIONLABS__DEFAULT_CATALOG_ITEM_IDS", "asset-1, asset-2")
    monkeypatch.setenv("GATEWAY_INTERCHANGE__DEFAULT_SOURCE_IDS", '["retail", "ctv"]')

    settings = Settings()

    assert settings.vionlabs.default_catalog_item_ids == ["asset-1", "asset-2"]
    assert settings.interchange.default_source_ids == ["retail", "ctv"]
