"""Trusted proxy: the user header is believed only with the proxy's proof on the same request.

Proof is a shared secret header (compared in constant time) or the connection coming from a
configured proxy network. Without proof the header is refused, not ignored, so a misrouted
request fails loudly instead of running as someone else or as nobody.
"""

from __future__ import annotations

import hmac
import ipaddress

from gateway.callers.errors import AuthenticationFailed
from gateway.callers.headers import RequestHeaders
from gateway.callers.identity import Identity
from gateway.callers.scopes import effective
from gateway.callers.settings import AuthSettings


class TrustedProxy:
    def __init__(self, settings: AuthSettings) -> None:
        self.user_header = settings.proxy_user_header
        self._scopes_header = settings.proxy_scopes_header
        self._default_scopes = effective(settings.proxy_scopes)
        self._secret_header = settings.proxy_secret_header
        secret = settings.proxy_secret
        self._secret = secret.get_secret_value().encode() if secret is not None else None
        self._networks = [ipaddress.ip_network(n, strict=False) for n in settings.proxy_networks]

    def names_user(self, headers: RequestHeaders) -> bool:
        return headers.present(self.user_header)

    def identity(self, headers: RequestHeaders, client: str | None) -> Identity:
        user = headers.one(self.user_header)
        assert user is not None
        self._check_proof(headers, client)
        if "," in user:
            # A proxy that folds an appended header into one line still sent two users.
            raise AuthenticationFailed(f"more than one user in the {self.user_header} header")
        sent_scopes = headers.one(self._scopes_header)
        scopes = (
            effective(sent_scopes.replace(",", " ").split())
            if sent_scopes is not None
            else self._default_scopes
        )
        return Identity(subject=user, user=user, scopes=scopes, method="proxy", client=client)

    def _check_proof(self, headers: RequestHeaders, client: str | None) -> None:
        sent = headers.one(self._secret_header) if self._secret is not None else None
        if sent is not None and self._secret is not None:
            if hmac.compare_digest(sent.encode(), self._secret):
                return
            if not self._from_network(client):
                raise AuthenticationFailed("the trusted proxy's secret does not match")
        if self._from_network(client):
            return
        raise AuthenticationFailed(
            f"the {self.user_header} header is accepted only through the trusted proxy"
        )

    def _from_network(self, client: str | None) -> bool:
        if not client or not self._networks:
            return False
        try:
            address = ipaddress.ip_address(client)
        except ValueError:
            return False
        return any(address in network for network in self._networks)
