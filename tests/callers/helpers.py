"""An identity provider for tests (keys, JWKS over an in-process transport, tokens) and probes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import httpx
from joserfc import jwt
from joserfc.jwk import ECKey, Key, KeySet, RSAKey

from gateway.callers.settings import AuthSettings
from tests.conftest import Gateway

ISSUER = "https://idp.example.com/"
AUDIENCE = "work-gateway-test"
JWKS_URL = "https://idp.example.com/.well-known/jwks.json"
USER = "priya.shah@example.com"
# A query that reaches an upstream (limbo/Beat) when it is allowed to run.
SEND_TASKS = "{ sendTasks(first: 1) { totalCount } }"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class IdentityProvider:
    """Signs tokens and publishes its public keys as a JWKS, counting the fetches."""

    def __init__(self) -> None:
        self.keys: list[Key] = [RSAKey.generate_key(2048, parameters={"kid": "rsa-1"})]
        self.fetches = 0
        self.down = False

    def add_key(self, kid: str) -> Key:
        key = ECKey.generate_key("P-256", parameters={"kid": kid})
        self.keys.append(key)
        return key

    def transport(self) -> httpx.MockTransport:
        def handler(request: httpx.Request) -> httpx.Response:
            assert str(request.url) == JWKS_URL
            self.fetches += 1
            if self.down:
                return httpx.Response(503)
            return httpx.Response(200, json=KeySet(self.keys).as_dict(private=False))

        return httpx.MockTransport(handler)

    def claims(self, **overrides: Any) -> dict[str, Any]:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "user-123",
            "email": USER,
            "scope": "work:read work:write",
            "iat": now,
            "exp": now + 300,
        }
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, key: Key | None = None, **overrides: Any) -> str:
        key = key or self.keys[0]
        alg = "RS256" if isinstance(key, RSAKey) else "ES256"
        header = {"alg": alg, "kid": key.kid, "typ": "JWT"}
        return jwt.encode(header, self.claims(**overrides), key, algorithms=[alg])

    def public_pem(self) -> bytes:
        key = self.keys[0]
        assert isinstance(key, RSAKey)
        return key.as_pem(private=False)


def unsigned_token(claims: dict[str, Any]) -> str:
    """`alg: none`: a token anyone can write."""
    header = b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{b64(json.dumps(claims).encode())}."


def hs256_token(secret: bytes, claims: dict[str, Any], kid: str | None = None) -> str:
    header_fields: dict[str, Any] = {"alg": "HS256", "typ": "JWT"}
    if kid:
        header_fields["kid"] = kid
    signing_input = f"{b64(json.dumps(header_fields).encode())}.{b64(json.dumps(claims).encode())}"
    signature = hmac.new(secret, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{b64(signature)}"


def tampered(token: str, **changes: Any) -> str:
    """The same signature over a payload with some claims changed."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return f"{header}.{b64(json.dumps(claims).encode())}.{signature}"


def jwt_auth(**overrides: Any) -> AuthSettings:
    return AuthSettings(jwks_url=JWKS_URL, issuer=ISSUER, audience=AUDIENCE, **overrides)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def post(gw: Gateway, headers: dict[str, str], query: str = SEND_TASKS) -> httpx.Response:
    return await gw.http.post(
        "/graphql", json={"query": query}, headers={"X-Gateway-Debug": "calls", **headers}
    )


async def upstream_requests(gw: Gateway, token: str | None = None) -> float:
    """Every upstream exchange the process has made so far, from the /metrics counter."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await gw.http.get("/metrics", headers=headers)
    assert response.status_code == 200, response.text
    return sum(
        float(line.rsplit(" ", 1)[1])
        for line in response.text.splitlines()
        if line.startswith("gateway_upstream_requests_total{")
    )


def refusal(response: httpx.Response) -> tuple[int, str, str]:
    """(status, code, message) of a request turned away before execution."""
    body = response.json()
    assert body["data"] is None
    (error,) = body["errors"]
    return response.status_code, error["extensions"]["code"], error["message"]
