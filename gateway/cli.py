"""The `gateway` command: serve the gateway or the sandbox alone, print the schema, mint tokens."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from gateway.callers.commands import api_key, token
from gateway.config import ConfigurationError, Settings, load_settings
from gateway.logs import configure_logging, uvicorn_options
from gateway.profile import profile_of
from gateway.sources.registry import SOURCES

# Plain help (no rich panels): rich's option table prints a <bool>/<str> type beside each option.
app = typer.Typer(add_completion=False, help=__doc__, no_args_is_help=True, rich_markup_mode=None)
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


def _settings(log_level: LogLevel | None = None, **flags: object) -> Settings:
    """The environment's settings, with the command line's flags (those given) on top."""
    overrides = {k: v for k, v in flags.items() if v is not None}
    if log_level:
        overrides["log_level"] = log_level.value
    try:
        return load_settings(**overrides)
    except ConfigurationError as exc:
        typer.echo(f"configuration error: {exc}", err=True)
        raise typer.Exit(code=2) from None


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
    host: Annotated[
        str | None,
        typer.Option(metavar="HOST", help="Interface to listen on (default: GATEWAY_HOST)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option(metavar="PORT", help="Port to listen on (default: GATEWAY_PORT).")
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            metavar="N", min=1, max=64, help="Worker processes (default: GATEWAY_WORKERS, else 1)."
        ),
    ] = None,
    log_level: Level = None,
) -> None:
    """Serve the gateway (GraphiQL at /graphql); on SIGTERM, in-flight requests finish first."""
    from gateway.serving import serve as run

    settings = _settings(log_level, host=host, port=port, workers=workers)
    if sandbox is None:
        sandbox = settings.environment != "production" and not any(
            settings.section(spec.name).configured for spec in SOURCES
        )
    configure_logging(settings.log_level, profile_of(settings).log_format)
    try:
        run(settings, sandbox=sandbox)
    except ConfigurationError as exc:
        typer.echo(f"configuration error: {exc}", err=True)
        raise typer.Exit(code=2) from None


@app.command("sandbox")
def sandbox_command(
    host: Host = "127.0.0.1",
    port: Annotated[int, typer.Option(metavar="PORT", help="Port to listen on.")] = 8100,
    log_level: Level = None,
) -> None:
    """Serve the simulators alone, each under /<source>, for poking at the upstream shapes."""
    from gateway.config import sandbox_activity_s
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
        activity_s=sandbox_activity_s(settings.sandbox, served=True),
    )
    typer.echo(
        f"sandbox: {_loopback(host, port)}/<source>/…  sources: "
        + ", ".join(spec.name for spec in SOURCES)
    )
    configure_logging(settings.log_level, settings.log_format or "text")
    uvicorn.run(sandbox, host=host, port=port, **uvicorn_options(settings.log_level))


@app.command()
def schema(
    check_breaking: Annotated[
        Path | None,
        typer.Option(
            "--check-breaking",
            metavar="FILE",
            help="Instead of printing the SDL, compare it with this released SDL file: print "
            "its breaking and dangerous changes, exit 1 on a breaking one.",
        ),
    ] = None,
) -> None:
    """Print the GraphQL schema (SDL), or check it against a released one."""
    from schema import build_schema

    sdl = build_schema().as_str() + "\n"
    if check_breaking is None:
        sys.stdout.write(sdl)
        return
    from schema.contract import check_against

    raise typer.Exit(code=check_against(check_breaking, sdl))


@app.command("settings-reference")
def settings_reference_command() -> None:
    """Print the configuration reference (docs/configuration.md) rendered from the settings."""
    from gateway.settings_reference import UndocumentedSetting, settings_reference

    try:
        sys.stdout.write(settings_reference())
    except UndocumentedSetting as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from None
