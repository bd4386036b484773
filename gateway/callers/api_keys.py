"""API keys of service callers: a file of named keys, stored as SHA-256 hashes, never plain.

A key is 32 random bytes, so a fast hash is enough (there is nothing to brute-force, unlike a
password); comparison is constant-time over every entry, so timing says nothing about a match.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from gateway.callers.errors import AuthenticationFailed
from gateway.callers.headers import TEXT
from gateway.callers.identity import Identity
from gateway.callers.scopes import effective, unknown

KEY_PREFIX = "gwk_"
Text = Annotated[str, StringConstraints(pattern=TEXT.pattern)]


class ApiKeyEntry(BaseModel):
    """One caller: its name (the identity's subject), the key's hash, scopes, acting user."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Text
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    scopes: list[str] = []
    # The end user an on-behalf-of upstream (Blueworks) acts for; None: no user.
    user: Text | None = None

    @field_validator("scopes")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        if unknown(value):
            raise ValueError(f"unknown scope {unknown(value)[0]!r}")
        return value


class ApiKeyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    keys: list[ApiKeyEntry]

    @field_validator("keys")
    @classmethod
    def _unique(cls, value: list[ApiKeyEntry]) -> list[ApiKeyEntry]:
        for attribute in ("name", "sha256"):
            seen = [getattr(entry, attribute) for entry in value]
            if len(seen) != len(set(seen)):
                raise ValueError(f"two keys share a {attribute}")
        return value


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def entry_for(key: str, name: str, scopes: list[str], user: str | None) -> ApiKeyEntry:
    return ApiKeyEntry(name=name, sha256=digest(key), scopes=scopes, user=user)


class ApiKeys:
    """The loaded key file."""

    def __init__(self, entries: list[ApiKeyEntry]) -> None:
        self._entries = entries

    @classmethod
    def load(cls, path: Path) -> ApiKeys:
        """Read and check the file; ValueError with a one-line reason when it cannot be used."""
        try:
            parsed = ApiKeyFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except OSError as exc:
            raise ValueError(f"cannot read {path}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path} is not JSON ({exc.msg}, line {exc.lineno})") from None
        except ValidationError as exc:
            first = exc.errors(include_input=False, include_url=False)[0]
            where = ".".join(str(part) for part in first["loc"])
            raise ValueError(f"{path}: {where}: {first['msg']}") from None
        return cls(parsed.keys)

    def identity(self, key: str, client: str | None) -> Identity:
        presented = digest(key)
        matched: ApiKeyEntry | None = None
        for entry in self._entries:
            # No early exit: every entry is compared, in constant time each.
            if hmac.compare_digest(presented, entry.sha256):
                matched = entry
        if matched is None:
            raise AuthenticationFailed("the API key is not known")
        return Identity(
            subject=matched.name,
            user=matched.user,
            scopes=effective(matched.scopes),
            method="api_key",
            client=client,
        )
