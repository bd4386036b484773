"""`Authenticator.authenticate(headers, client)`: one request's credentials to an `Identity`.

It needs no Starlette `Request`, so HTTP and the graphql-transport-ws `connection_init` payload
(a later issue) apply the same rules. Precedence: a presented credential (JWT or API key) is
always verified, never ignored; the trusted proxy's user header needs the proxy's proof; with
nothing presented the caller is anonymous only while authentication is off.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from gateway.callers.api_keys import ApiKeys
from gateway.callers.dev_key import DEV_KID
from gateway.callers.errors import AuthenticationFailed
from gateway.callers.headers import RequestHeaders
from gateway.callers.identity import Identity
from gateway.callers.jwks import JwksKeys
from gateway.callers.jwt import JwtVerifier, unverified_header
from gateway.callers.proxy import TrustedProxy
from gateway.callers.scopes import ALL_SCOPES

logger = logging.getLogger(__name__)

AUTHORIZATION = "Authorization"


class Authenticator:
    """The verifiers one deployment trusts; built once at start-up by `build_authenticator`."""

    def __init__(
        self,
        *,
        required: bool,
        jwt: JwtVerifier | None = None,
        development: JwtVerifier | None = None,
        api_keys: ApiKeys | None = None,
        api_key_header: str = "X-API-Key",
        proxy: TrustedProxy | None = None,
        proxy_user_header: str = "X-Gateway-User",
        anonymous_user: str | None = None,
        jwks: JwksKeys | None = None,
    ) -> None:
        self.required = required
        self._jwt = jwt
        self._development = development
        self._api_keys = api_keys
        self._api_key_header = api_key_header
        self._proxy = proxy
        self._proxy_user_header = proxy_user_header
        self._anonymous_user = anonymous_user
        self.jwks = jwks

    @property
    def credential_headers(self) -> tuple[str, str]:
        """The headers a caller itself presents; the proxy's come only from the proxy."""
        return AUTHORIZATION, self._api_key_header

    async def aclose(self) -> None:
        if self.jwks is not None:
            await self.jwks.aclose()

    async def authenticate(
        self, headers: Iterable[tuple[str, str]], client: str | None
    ) -> Identity:
        """The caller's identity, or `AuthenticationFailed` saying what was wrong."""
        h = RequestHeaders(headers)
        proxied = self._proxied(h, client)
        bearer = _bearer(h.one(AUTHORIZATION))
        api_key = h.one(self._api_key_header)
        if bearer is not None and api_key is not None:
            raise AuthenticationFailed(
                f"two credentials given: send {AUTHORIZATION} or {self._api_key_header}, not both"
            )
        if api_key is not None:
            return self._by_api_key(api_key, client)
        if bearer is not None:
            if bearer.count(".") == 2:
                return await self._by_jwt(bearer, client)
            return self._by_api_key(bearer, client)
        if proxied is not None:
            return proxied
        if self.required:
            raise AuthenticationFailed(
                f"no credentials: send {AUTHORIZATION}: Bearer <token or API key>",
                invalid_token=False,
            )
        return Identity(
            subject=None,
            user=self._anonymous_user,
            scopes=ALL_SCOPES,
            method="anonymous",
            client=client,
        )

    def _proxied(self, h: RequestHeaders, client: str | None) -> Identity | None:
        if not h.present(self._proxy_user_header):
            return None
        if self._proxy is None:
            raise AuthenticationFailed(
                f"the {self._proxy_user_header} header is read only behind a trusted proxy; "
                "send a token instead"
            )
        return self._proxy.identity(h, client)

    def _by_api_key(self, key: str, client: str | None) -> Identity:
        if self._api_keys is None:
            raise AuthenticationFailed("API keys are not accepted by this gateway")
        return self._api_keys.identity(key, client)

    async def _by_jwt(self, token: str, client: str | None) -> Identity:
        if unverified_header(token).get("kid") == DEV_KID:
            if self._development is None:
                raise AuthenticationFailed("development tokens are not accepted by this gateway")
            return await self._development.identity(token, client)
        if self._jwt is None:
            if self._development is not None:
                # Development trusts its own key only: say so, rather than that no JWT is.
                raise AuthenticationFailed(
                    "only development tokens (`gateway token`) are accepted here: no issuer's "
                    "keys are configured (GATEWAY_AUTH__JWKS_URL or JWT_PUBLIC_KEY_FILE)"
                )
            raise AuthenticationFailed("JWTs are not accepted by this gateway")
        return await self._jwt.identity(token, client)


def _bearer(value: str | None) -> str | None:
    if value is None:
        return None
    scheme, _, credentials = value.partition(" ")
    if scheme.lower() != "bearer" or not credentials.strip():
        raise AuthenticationFailed(f"the {AUTHORIZATION} header must be 'Bearer <credentials>'")
    return credentials.strip()
