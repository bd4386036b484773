"""CLI commands for callers: `gateway token` (development JWTs) and `gateway api-key` (new keys)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from gateway.callers.api_keys import entry_for, new_key
from gateway.callers.dev_key import mint_development_token
from gateway.callers.scopes import SCOPES, WORK_READ, WORK_WRITE, unknown

ScopeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--scope", metavar="SCOPE", help=f"A scope to grant (repeat): {', '.join(SCOPES)}."
    ),
]


def _checked(scopes: list[str]) -> list[str]:
    if unknown(scopes):
        typer.echo(f"unknown scope {unknown(scopes)[0]!r}; known: {', '.join(SCOPES)}", err=True)
        raise typer.Exit(code=2)
    return scopes


def token(
    sub: Annotated[
        str, typer.Option("--sub", metavar="SUBJECT", help="The token's subject (who is calling).")
    ],
    scope: ScopeOption = None,
    user: Annotated[
        str | None,
        typer.Option(
            metavar="EMAIL", help="The acting user (`email` claim) for Blueworks; default: --sub."
        ),
    ] = None,
    ttl: Annotated[int, typer.Option(metavar="SECONDS", help="Lifetime in seconds.", min=1)] = 3600,
) -> None:
    """Print a development token: trusted outside production only (the key is public)."""
    scopes = _checked(scope if scope else [WORK_READ, WORK_WRITE])
    typer.echo(mint_development_token(sub, scopes, user=user, lifetime_s=ttl))


def api_key(
    name: Annotated[
        str, typer.Option(metavar="NAME", help="The caller's name (its identity's subject).")
    ],
    scope: ScopeOption = None,
    user: Annotated[
        str | None,
        typer.Option(metavar="EMAIL", help="A fixed acting user for Blueworks (optional)."),
    ] = None,
) -> None:
    """Make a new API key: prints the key once, and the entry for GATEWAY_AUTH__API_KEYS_FILE."""
    key = new_key()
    entry = entry_for(key, name, _checked(scope or [WORK_READ]), user)
    typer.echo(f"key (give it to the caller; it is not stored): {key}")
    typer.echo("entry (add it to the keys list of GATEWAY_AUTH__API_KEYS_FILE):")
    typer.echo(json.dumps(entry.model_dump(exclude_none=True)))
