"""The scope names, what each grants, and the permission class fields declare them with.

`work:write` includes every `<source>:write`, so a field names the narrowest scope it needs and
an operator's token still carries one scope. Reads need `work:read` alone: the sources' data is
one graph, and per-source read scopes would make every cross-source field ask for all of them.
Each source that declares what it `writes` (its `Source`) gets its `<source>:write`; nothing here
names a source.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from strawberry.extensions import FieldExtension
from strawberry.permission import BasePermission, PermissionExtension
from strawberry.types import Info
from strawberry.types.field import StrawberryField

from gateway.callers.errors import MissingScope
from gateway.callers.identity import Identity
from gateway.sources.registry import SOURCES

WORK_READ = "work:read"
WORK_WRITE = "work:write"

# `<source>:write` for each registered source that writes, in the registry's order, granting
# what its `Source.writes` says.
WRITE_SCOPES: dict[str, str] = {
    f"{source.name}:write": source.writes for source in SOURCES if source.writes
}

SCOPES: dict[str, str] = {
    WORK_READ: "every query field, across all sources",
    WORK_WRITE: "every mutation (includes each <source>:write below)",
    **WRITE_SCOPES,
}

# A granted scope on the left also grants those on the right.
IMPLIES: dict[str, frozenset[str]] = {WORK_WRITE: frozenset(WRITE_SCOPES)}


def write_scope(source: str) -> str:
    """The scope a source's mutations require: refused for a source that declares no writes."""
    scope = f"{source}:write"
    if scope not in WRITE_SCOPES:
        raise ValueError(f"{source!r} has no write scope: its Source declares no `writes`")
    return scope


ALL_SCOPES = frozenset(SCOPES)


def parse_scopes(value: object) -> frozenset[str]:
    """Scopes as tokens carry them: a space-separated string (RFC 8693 `scope`) or a list."""
    if isinstance(value, str):
        names: Iterable[object] = value.split()
    elif isinstance(value, list | tuple):
        names = value
    else:
        return frozenset()
    return frozenset(str(name) for name in names if isinstance(name, str) and name)


def effective(granted: Iterable[str]) -> frozenset[str]:
    """The granted scopes plus those they imply; unknown names are kept (and never match)."""
    names = set(granted)
    for name in list(names):
        names |= IMPLIES.get(name, frozenset())
    return frozenset(names)


def unknown(names: Iterable[str]) -> list[str]:
    return sorted(set(names) - ALL_SCOPES)


class RequireScopes(BasePermission):
    """Refuses a field, before its resolver runs, unless the caller holds every named scope."""

    def __init__(self, *scopes: str) -> None:
        if not scopes or unknown(scopes):
            raise ValueError(f"unknown or no scopes: {scopes!r}")
        self.scopes = scopes

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        identity = info.context.identity
        assert isinstance(identity, Identity)
        missing = [scope for scope in self.scopes if scope not in identity.scopes]
        if missing:
            # Raised here rather than in `on_unauthorized`, which cannot see which was missing.
            raise MissingScope(
                f"this field needs the scope {' and '.join(missing)}{_implied_note(missing)}",
                missingScopes=missing,
            )
        return True


def _implied_note(missing: list[str]) -> str:
    broader = sorted(wide for wide, narrow in IMPLIES.items() if set(missing) <= narrow)
    return f" ({' or '.join(broader)} includes it)" if broader else ""


class ScopesExtension(PermissionExtension):
    """The permission check, plus a line in the field's description naming its scopes."""

    def __init__(self, permission: RequireScopes) -> None:
        super().__init__([permission], use_directives=False)
        self.permission = permission

    def apply(self, field: StrawberryField) -> None:
        super().apply(field)
        scopes = list(self.permission.scopes)
        note = f"Needs scope {' and '.join(scopes)}{_implied_note(scopes)}."
        # Fields are shared by every schema built from them, so the note is added once.
        if field.description and note in field.description:
            return
        field.description = f"{field.description} {note}" if field.description else note


def requires(*scopes: str) -> list[FieldExtension]:
    """`strawberry.field(extensions=requires(WORK_READ))`: a fresh extension for each field."""
    return [ScopesExtension(RequireScopes(*scopes))]
