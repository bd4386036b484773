"""The development signing key behind `gateway token`: public, so trusted outside production only.

The private key is in the repository on purpose (anyone can mint with it), which is why only
the development profile trusts it, unless `GATEWAY_AUTH__TRUST_DEVELOPMENT_KEY=true`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from joserfc import jwt
from joserfc.jwk import ECKey

DEV_KID = "gateway-development"
DEV_ISSUER = "gateway-development"
DEV_AUDIENCE = "work-gateway"
DEV_ALGORITHM = "ES256"

_DEV_PRIVATE_PEM = b"""-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg3/clOSWWY+VnXFId
kY/1JbNWbr4R8o4xZHMnYJ6+ofKhRANCAARZ6sD/0i7dRMGig8x0srGMZNvJnS3f
0Gbsb/rNN1ESiFvwPWs8+Kwygbbzz6S56KS9VN10mxn9oOHvAC1qVrCW
-----END PRIVATE KEY-----
"""


def development_private_key() -> ECKey:
    return ECKey.import_key(_DEV_PRIVATE_PEM, parameters={"kid": DEV_KID})


def development_public_key() -> ECKey:
    public = development_private_key().as_dict(private=False)
    return ECKey.import_key(public)


def mint_development_token(
    subject: str,
    scopes: Iterable[str],
    *,
    user: str | None = None,
    lifetime_s: int = 3600,
    now: float | None = None,
) -> str:
    """A token the development profile accepts: `user` (default: the subject) as its email."""
    issued = int(now if now is not None else time.time())
    claims = {
        "iss": DEV_ISSUER,
        "aud": DEV_AUDIENCE,
        "sub": subject,
        "email": user or subject,
        "scope": " ".join(scopes),
        "iat": issued,
        "nbf": issued,
        "exp": issued + lifetime_s,
    }
    header = {"alg": DEV_ALGORITHM, "kid": DEV_KID, "typ": "JWT"}
    return jwt.encode(header, claims, development_private_key(), algorithms=[DEV_ALGORITHM])
