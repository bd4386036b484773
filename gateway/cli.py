"""The `gateway` command: serve the gateway or the sandbox alone, print the schema, mint tokens."""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from typing import Annotated

import typer
import uvicorn

from gateway.callers.commands import api_key, token
from gateway.config import ConfigurationError, SandboxSettings, Settings, load_settings
from gateway.sources.registry import SOURCES

# Plain help (no rich panels): rich's option table prints a <bool>/<str> type beside each option.
app = typer.Typer(
    add_completion=False, help=__doc__, no_args_is_help=True, rich_markup_mode=None
)
app.command()(token)
app.command("api-key")(api_key)


class LogLevel(StrEnum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"


Host = Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")]
Level = Annotated[
    LogLevel | None,
    typer.Option(
        metavar="LEVEL",
        case_sensitive=False,
        help="DEBUG, INFO, WARNING or ERROR (default: GATEWAY_LOG_LEVEL, else INFO).",
    ),
]


def _settings(log_level: LogLevel | None = None) -> Settings:
    overrides = {"log_level": log_level.value} if log_level else {}
    try:
        return load_settings(**overrides)
    except ConfigurationError as exc:
        typer.echo(f"configuration error: {exc}", err=True)
        raise typer.Exit(code=2) from None


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # httpx logs every request's full URL, query included, at INFO; the gateway's own upstream
    # log line carries the path only (gateway.http), so httpx is heard from on warnings only.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _loopback(host: str, port: int) -> str:
    return f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"  # noqa: S104


@app.command()
def serve(
    sandbox: Annotated[
        bool | None,
        typer.Option(
            "--sandbox/--no-sandbox",
            help="Serve the simulators for unconfigured upstreams (default: only when none is).",
        ),
    ] = None,
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8000,
    log_level: Level = None,
) -> None:
    """Serve the gateway (GraphiQL at /graphql)."""
    from gateway.app import create_app

    settings = _settings(log_level)
    if sandbox is None:
        sandbox = settings.environment != "production" and not any(
            settings.section(spec.name).configured for spec in SOURCES
        )
    # The flag decides, whatever GATEWAY_SANDBOX__MODE says.
    wanted: dict[str, str] = {"mode": "off"}
    if sandbox:
        wanted = {"mode": "loopback", "loopback_base_url": _loopback(host, port)}
    mode = SandboxSettings.model_validate(settings.sandbox.model_dump() | wanted)
    settings = settings.model_copy(update={"sandbox": mode})
    _configure_logging(settings.log_level)
    try:
        application = create_app(settings)
    except ConfigurationError as exc:
        typer.echo(f"configuration error: {exc}", err=True)
        raise typer.Exit(code=2) from None
    typer.echo(
        f"GraphiQL: {_loopback(host, port)}/graphql"
        + ("  (sandbox upstreams under /sandbox)" if sandbox else "")
    )
    uvicorn.run(application, host=host, port=port, log_level=settings.log_level.lower())


@app.command("sandbox")
def sandbox_command(
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8100,
    log_level: Level = None,
) -> None:
    """Serve the simulators alone, each under /<source>, for poking at the upstream shapes."""
    from gateway.sandbox.app import create_sandbox

    settings = _settings(log_level)
    if settings.environment == "production":
        typer.echo(
            "configuration error: GATEWAY_ENVIRONMENT=production: the simulators are never "
            "served in production",
            err=True,
        )
        raise typer.Exit(code=2)
    sandbox = create_sandbox(
        {spec.name: spec.simulator for spec in SOURCES},
        seed=settings.sandbox.seed,
        size=settings.sandbox.size,
        time_scale=settings.sandbox.time_scale,
    )
    typer.echo(
        f"sandbox: {_loopback(host, port)}/<source>/…  sources: "
        + ", ".join(spec.name for spec in SOURCES)
    )
    uvicorn.run(sandbox, host=host, port=port, log_level=settings.log_level.lower())


@app.command()
def schema() -> None:
    """Print the GraphQL schema (SDL)."""
    from schema import build_schema

    sys.stdout.write(build_schema().as_str() + "\n")


@app.command("settings-reference")
def settings_reference_command() -> None:
    """Print the configuration reference (docs/configuration.md) rendered from the settings."""
    from gateway.settings_reference import UndocumentedSetting, settings_reference

    try:
        sys.stdout.write(settings_reference())
    except UndocumentedSetting as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
