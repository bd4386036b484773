"""The `auth` settings section (`GATEWAY_AUTH__*`): how callers prove who they are."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, SecretStr, field_validator

from gateway.callers.scopes import unknown
from gateway.sources.base import IdList

Mode = Literal["jwt", "api_key", "proxy"]
MODES: tuple[Mode, ...] = ("jwt", "api_key", "proxy")
# Asymmetric algorithms a JWKS or PEM key may sign with; HS* only with a configured secret.
ASYMMETRIC = frozenset(
    {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}
)
SYMMETRIC = frozenset({"HS256", "HS384", "HS512"})
PREFIX = "GATEWAY_AUTH__"


class AuthSettings(BaseModel):
    """Modes combine: each one whose settings are present is on, unless `mode` narrows them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Empty: every configured mode. `none`: authentication off, stated on purpose.
    mode: IdList = []

    jwks_url: AnyHttpUrl | None = None
    jwt_public_key_file: Path | None = None
    jwt_secret: SecretStr | None = None
    algorithms: IdList = ["RS256", "ES256"]
    issuer: str | None = None
    audience: str | None = None
    clock_skew_s: int = Field(default=30, ge=0, le=300)
    # The claim naming the end user for on-behalf-of upstreams, and the one carrying scopes.
    user_claim: str = "email"
    scope_claim: str = "scope"
    jwks_cache_s: float = Field(default=300.0, gt=0, le=86400)
    # An unknown `kid` refetches the JWKS at most once per this many seconds.
    jwks_min_refresh_s: float = Field(default=30.0, ge=0, le=3600)
    jwks_timeout_s: float = Field(default=3.0, gt=0, le=30)
    # The development key (`gateway token`) is trusted outside production; None: by environment.
    trust_development_key: bool | None = None

    api_keys_file: Path | None = None
    api_key_header: str = "X-API-Key"

    proxy_user_header: str = "X-Gateway-User"
    proxy_scopes_header: str = "X-Gateway-Scopes"
    # Scopes of a proxied caller when the proxy sends no scopes header.
    proxy_scopes: IdList = ["work:read"]
    proxy_secret: SecretStr | None = None
    proxy_secret_header: str = "X-Gateway-Proxy-Secret"  # noqa: S105 (a header name)
    proxy_networks: IdList = []

    @field_validator("mode")
    @classmethod
    def _known_modes(cls, value: list[str]) -> list[str]:
        bad = [m for m in value if m not in (*MODES, "none")]
        if bad:
            raise ValueError(f"unknown mode {bad[0]!r}: use none, or any of {', '.join(MODES)}")
        if "none" in value and len(value) > 1:
            raise ValueError("none cannot be combined with other modes")
        return value

    @field_validator("algorithms")
    @classmethod
    def _known_algorithms(cls, value: list[str]) -> list[str]:
        bad = [a for a in value if a not in ASYMMETRIC | SYMMETRIC]
        if bad:
            # `none` lands here too: an unsigned token is never accepted.
            raise ValueError(f"algorithm {bad[0]!r} is not allowed")
        if not value:
            raise ValueError("at least one algorithm is needed")
        return value

    @field_validator("proxy_scopes")
    @classmethod
    def _known_scopes(cls, value: list[str]) -> list[str]:
        if unknown(value):
            raise ValueError(f"unknown scope {unknown(value)[0]!r}")
        return value

    @field_validator("proxy_networks")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for network in value:
            ipaddress.ip_network(network, strict=False)
        return value

    @property
    def off(self) -> bool:
        return self.mode == ["none"]

    def configured_modes(self) -> set[Mode]:
        found: set[Mode] = set()
        if self.jwks_url or self.jwt_public_key_file or self.jwt_secret:
            found.add("jwt")
        if self.api_keys_file:
            found.add("api_key")
        if self.proxy_secret or self.proxy_networks:
            found.add("proxy")
        return found

    def active_modes(self) -> set[Mode]:
        if self.off:
            return set()
        if not self.mode:
            return self.configured_modes()
        return {m for m in MODES if m in self.mode}

    def development_key_trusted(self, production: bool) -> bool:
        if self.trust_development_key is not None:
            return self.trust_development_key
        return not production

    def problems(self, *, production: bool) -> list[str]:
        """What makes these settings unable (or unsafe) to start with; one line each."""
        problems = [*self._mode_problems(production), *self._jwt_problems(production)]
        if production and self.proxy_secret and len(self.proxy_secret.get_secret_value()) < 16:
            problems.append(f"{PREFIX}PROXY_SECRET: shorter than 16 characters")
        return problems

    def _mode_problems(self, production: bool) -> list[str]:
        missing = sorted(set(self.active_modes()) - self.configured_modes())
        needs = {
            "jwt": "JWKS_URL, JWT_PUBLIC_KEY_FILE or JWT_SECRET",
            "api_key": "API_KEYS_FILE",
            "proxy": "PROXY_SECRET or PROXY_NETWORKS (the proof a request came through it)",
        }
        problems = [f"{PREFIX}MODE: {m} needs {PREFIX}{needs[m]}" for m in missing]
        if production and not self.off and not self.active_modes():
            problems.append(
                f"{PREFIX}MODE: production needs caller authentication: set {PREFIX}JWKS_URL, "
                f"{PREFIX}JWT_PUBLIC_KEY_FILE, {PREFIX}API_KEYS_FILE or {PREFIX}PROXY_SECRET, "
                f"or {PREFIX}MODE=none to run without it"
            )
        return problems

    def _jwt_problems(self, production: bool) -> list[str]:
        problems = []
        if self.jwks_url and self.jwt_public_key_file:
            problems.append(f"{PREFIX}JWKS_URL: set it or JWT_PUBLIC_KEY_FILE, not both")
        if set(self.algorithms) & SYMMETRIC and self.jwt_secret is None:
            problems.append(f"{PREFIX}ALGORITHMS: HS* algorithms need {PREFIX}JWT_SECRET")
        if self.jwt_secret is not None and not set(self.algorithms) & SYMMETRIC:
            problems.append(f"{PREFIX}JWT_SECRET: set, but no HS* algorithm in {PREFIX}ALGORITHMS")
        if production and "jwt" in self.active_modes():
            problems += [
                f"{PREFIX}{name.upper()}: required in production with JWT authentication"
                for name in ("issuer", "audience")
                if not getattr(self, name)
            ]
            if self.jwks_url and self.jwks_url.scheme != "https":
                problems.append(f"{PREFIX}JWKS_URL: must be https in production")
        return problems
