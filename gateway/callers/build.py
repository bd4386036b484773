"""Builds the `Authenticator` a deployment's settings describe, reading its key files once."""

from __future__ import annotations

from pathlib import Path

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import Key, OctKey, import_key

from gateway.callers.api_keys import ApiKeys
from gateway.callers.authenticate import Authenticator
from gateway.callers.dev_key import (
    DEV_ALGORITHM,
    DEV_AUDIENCE,
    DEV_ISSUER,
    development_public_key,
)
from gateway.callers.jwks import JwksKeys
from gateway.callers.jwt import ClaimRules, JwtVerifier, KeySource, StaticKey
from gateway.callers.proxy import TrustedProxy
from gateway.callers.settings import PREFIX, AuthSettings


def build_authenticator(
    settings: AuthSettings,
    *,
    production: bool,
    anonymous_user: str | None = None,
    jwks_transport: httpx.AsyncBaseTransport | None = None,
) -> Authenticator:
    """ValueError (one line, naming the variable) when a configured file cannot be used."""
    modes = settings.active_modes()
    jwks = _jwks(settings, jwks_transport) if "jwt" in modes else None
    api_keys = None
    if "api_key" in modes and settings.api_keys_file is not None:
        try:
            api_keys = ApiKeys.load(settings.api_keys_file)
        except ValueError as exc:
            raise ValueError(f"{PREFIX}API_KEYS_FILE: {exc}") from None
    return Authenticator(
        required=bool(modes),
        jwt=_verifier(settings, jwks) if "jwt" in modes else None,
        development=_development(settings)
        if settings.development_key_trusted(production)
        else None,
        api_keys=api_keys,
        api_key_header=settings.api_key_header,
        proxy=TrustedProxy(settings) if "proxy" in modes else None,
        proxy_user_header=settings.proxy_user_header,
        anonymous_user=anonymous_user,
        jwks=jwks,
    )


def _jwks(settings: AuthSettings, transport: httpx.AsyncBaseTransport | None) -> JwksKeys | None:
    if settings.jwks_url is None:
        return None
    return JwksKeys(
        str(settings.jwks_url),
        cache_s=settings.jwks_cache_s,
        min_refresh_s=settings.jwks_min_refresh_s,
        timeout_s=settings.jwks_timeout_s,
        transport=transport,
    )


def _verifier(settings: AuthSettings, jwks: JwksKeys | None) -> JwtVerifier:
    keys: KeySource | None = jwks
    if settings.jwt_public_key_file is not None:
        keys = StaticKey(_pem_key(settings.jwt_public_key_file))
    secret = settings.jwt_secret
    return JwtVerifier(
        keys=keys,
        secret=OctKey.import_key(secret.get_secret_value()) if secret is not None else None,
        algorithms=settings.algorithms,
        rules=ClaimRules(
            issuer=settings.issuer,
            audience=settings.audience,
            leeway_s=settings.clock_skew_s,
            user_claim=settings.user_claim,
            scope_claim=settings.scope_claim,
        ),
    )


def _development(settings: AuthSettings) -> JwtVerifier:
    return JwtVerifier(
        keys=StaticKey(development_public_key()),
        secret=None,
        algorithms=[DEV_ALGORITHM],
        rules=ClaimRules(
            issuer=DEV_ISSUER,
            audience=DEV_AUDIENCE,
            leeway_s=settings.clock_skew_s,
            user_claim="email",
            scope_claim="scope",
        ),
    )


def _pem_key(path: Path) -> Key:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(
            f"{PREFIX}JWT_PUBLIC_KEY_FILE: cannot read {path}: {exc.strerror}"
        ) from None
    for key_type in ("RSA", "EC", "OKP"):
        try:
            key: Key = import_key(data, key_type)
        except (JoseError, ValueError, TypeError):
            continue
        # Only the public half is kept, whatever the file held.
        return import_key(key.as_dict(private=False))
    raise ValueError(f"{PREFIX}JWT_PUBLIC_KEY_FILE: {path} holds no RSA, EC or OKP PEM key")
