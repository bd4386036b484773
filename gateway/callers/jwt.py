"""JWT bearer tokens, verified with joserfc: signature, algorithm allowlist, exp/nbf, iss, aud."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol

from joserfc import jwt
from joserfc.errors import (
    BadSignatureError,
    ClaimError,
    ExpiredTokenError,
    InvalidClaimError,
    JoseError,
    MissingClaimError,
)
from joserfc.jwk import Key, OctKey
from joserfc.util import urlsafe_b64decode

from gateway.callers.errors import AuthenticationFailed, HeaderNotText
from gateway.callers.headers import TEXT
from gateway.callers.identity import Identity
from gateway.callers.scopes import effective, parse_scopes

CLAIM_REASONS = {
    "iss": "the token is from another issuer",
    "aud": "the token is meant for another audience",
    "nbf": "the token is not valid yet",
    "iat": "the token was issued in the future",
}


class KeySource(Protocol):
    """Where the key for a token's `kid` comes from: a PEM file, the dev key, or a JWKS."""

    async def key(self, kid: str | None) -> Key: ...


@dataclass(frozen=True)
class StaticKey:
    """One configured public key; a token's `kid`, if any, is not needed to pick it."""

    value: Key

    async def key(self, kid: str | None) -> Key:
        return self.value


@dataclass(frozen=True)
class ClaimRules:
    issuer: str | None
    audience: str | None
    leeway_s: int
    user_claim: str
    scope_claim: str


def unverified_header(token: str) -> dict[str, Any]:
    """The JOSE header, read only to choose the verifier and key; the signature decides later."""
    try:
        segment = token.split(".", 1)[0]
        header = json.loads(urlsafe_b64decode(segment.encode("ascii")))
    except (ValueError, UnicodeError) as exc:
        raise AuthenticationFailed("the token is not a well-formed JWT") from exc
    if not isinstance(header, dict):
        raise AuthenticationFailed("the token is not a well-formed JWT")
    return header


class JwtVerifier:
    """Checks a token against one trust anchor (a key source and its claim rules)."""

    def __init__(
        self,
        *,
        keys: KeySource | None,
        secret: OctKey | None,
        algorithms: Collection[str],
        rules: ClaimRules,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._keys = keys
        self._secret = secret
        self._algorithms = frozenset(algorithms)
        self._rules = rules
        self._clock = clock

    async def identity(self, token: str, client: str | None) -> Identity:
        claims = await self.claims(token)
        rules = self._rules
        user = claims.get(rules.user_claim)
        if isinstance(user, str) and user and not TEXT.fullmatch(user):
            # The acting user travels to on-behalf-of upstreams in a header.
            raise HeaderNotText(f"the token's {rules.user_claim} claim is not printable ASCII")
        return Identity(
            subject=str(claims["sub"]),
            user=user if isinstance(user, str) and user else None,
            scopes=effective(parse_scopes(claims.get(rules.scope_claim))),
            method="jwt",
            client=client,
            expires_at=float(claims["exp"]) + self._rules.leeway_s,
        )

    async def claims(self, token: str) -> dict[str, Any]:
        header = unverified_header(token)
        alg = header.get("alg")
        if not isinstance(alg, str) or alg not in self._algorithms:
            # Covers `none` and an HS256 token signed with the public key (alg confusion).
            raise AuthenticationFailed(f"the token's algorithm {_shown(alg)} is not accepted")
        key = await self._key_for(alg, header.get("kid"))
        try:
            decoded = jwt.decode(token, key, algorithms=[alg])
            self._registry().validate(decoded.claims)
        except ExpiredTokenError:
            raise AuthenticationFailed("the token has expired") from None
        except MissingClaimError as exc:
            raise AuthenticationFailed(f"the token lacks the claim {exc.claim}") from None
        except (InvalidClaimError, ClaimError) as exc:
            reason = CLAIM_REASONS.get(exc.claim, f"the token's {exc.claim} claim is invalid")
            raise AuthenticationFailed(reason) from None
        except BadSignatureError:
            raise AuthenticationFailed("the token's signature does not verify") from None
        except (JoseError, ValueError):
            raise AuthenticationFailed("the token is not a well-formed JWT") from None
        return decoded.claims

    async def _key_for(self, alg: str, kid: object) -> Key:
        if alg.startswith("HS"):
            if self._secret is None:
                raise AuthenticationFailed(f"the token's algorithm {alg} is not accepted")
            return self._secret
        if self._keys is None:
            raise AuthenticationFailed(f"the token's algorithm {alg} is not accepted")
        return await self._keys.key(kid if isinstance(kid, str) else None)

    def _registry(self) -> jwt.JWTClaimsRegistry:
        rules = self._rules
        options: dict[str, Any] = {"exp": {"essential": True}, "sub": {"essential": True}}
        if rules.issuer is not None:
            options["iss"] = {"essential": True, "value": rules.issuer}
        if rules.audience is not None:
            options["aud"] = {"essential": True, "value": rules.audience}
        return jwt.JWTClaimsRegistry(
            now=lambda: int(self._clock()), leeway=rules.leeway_s, **options
        )


def _shown(alg: object) -> str:
    """The header's `alg` only when it looks like an algorithm name (it is attacker-chosen)."""
    if isinstance(alg, str) and alg.isalnum() and len(alg) <= 10:
        return alg
    return "(unrecognised)"
