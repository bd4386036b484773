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

    mode: IdList = Field(
        default=[],
        description="Which caller authentication modes are on: `jwt`, `api_key`, `proxy` (any"
        " combination, `a,b`), or `none` to run without authentication on purpose (production"
        " then warns at every start). Unset: every mode whose settings are present; none present"
        " means off in development and a refusal to start in production.",
    )

    jwks_url: AnyHttpUrl | None = Field(
        default=None,
        description="The identity provider's JWKS (https in production): JWTs are verified with"
        " its keys, cached, and refetched when a token names an unknown `kid`.",
    )
    jwt_public_key_file: Path | None = Field(
        default=None,
        description="A PEM file with the public key (RSA, EC or Ed25519) JWTs are signed with;"
        " instead of `JWKS_URL`.",
    )
    jwt_secret: SecretStr | None = Field(
        default=None,
        description="Shared secret for HS256/384/512 JWTs; HS* algorithms are refused without it.",
    )
    algorithms: IdList = Field(
        default=["RS256", "ES256"],
        description="JWT algorithms accepted (`none` never is; HS* only with `JWT_SECRET`).",
    )
    issuer: str | None = Field(
        default=None,
        description="Required `iss` of JWTs; required in production when JWTs are accepted.",
    )
    audience: str | None = Field(
        default=None,
        description="Required `aud` of JWTs (this gateway's name at the identity provider);"
        " required in production when JWTs are accepted.",
    )
    clock_skew_s: int = Field(
        default=30,
        ge=0,
        le=300,
        description="Seconds of clock difference forgiven when checking `exp`, `nbf` and `iat`;"
        " a live subscription also ends this long after its token's `exp`.",
    )
    user_claim: str = Field(
        default="email",
        description="The JWT claim naming the end user on-behalf-of upstreams (Blueworks) act for.",
    )
    scope_claim: str = Field(
        default="scope",
        description="The JWT claim carrying scopes: a space-separated string or a list.",
    )
    jwks_cache_s: float = Field(
        default=300.0,
        gt=0,
        le=86400,
        description="How long fetched JWKS keys are used before they are fetched again.",
    )
    jwks_min_refresh_s: float = Field(
        default=30.0,
        ge=0,
        le=3600,
        description="Bound on refetches: a token with an unknown `kid` (key rotation) refetches"
        " the JWKS at most once per this many seconds, so forged `kid`s cannot flood the provider.",
    )
    jwks_timeout_s: float = Field(
        default=3.0, gt=0, le=30, description="Timeout of one JWKS fetch (seconds)."
    )
    trust_development_key: bool | None = Field(
        default=None,
        description="Accept tokens signed with the public development key (`gateway token`)."
        " Unset: outside production only.",
    )

    api_keys_file: Path | None = Field(
        default=None,
        description="JSON file of service callers' API keys, stored as SHA-256 hashes with their"
        " scopes and optional acting user (`gateway api-key` makes entries).",
    )
    api_key_header: str = Field(
        default="X-API-Key",
        description="Header an API key may come in (`Authorization: Bearer <key>` works too).",
    )

    proxy_user_header: str = Field(
        default="X-Gateway-User",
        description="Header the trusted proxy names the end user in; refused without the proxy's"
        " proof, and refused when sent twice.",
    )
    proxy_scopes_header: str = Field(
        default="X-Gateway-Scopes",
        description="Header the trusted proxy may grant scopes in (space-separated).",
    )
    proxy_scopes: IdList = Field(
        default=["work:read"],
        description="Scopes of a proxied caller when the proxy sends no scopes header.",
    )
    proxy_secret: SecretStr | None = Field(
        default=None,
        description="Shared secret the trusted proxy sends in `PROXY_SECRET_HEADER` (at least 16"
        " characters in production); compared in constant time.",
    )
    proxy_secret_header: str = Field(
        default="X-Gateway-Proxy-Secret",
        description="Header carrying the proxy's shared secret.",
    )
    proxy_networks: IdList = Field(
        default=[],
        description="Networks (CIDR, `a,b`) the trusted proxy connects from: the connection's"
        " address is proof instead of the secret.",
    )

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
