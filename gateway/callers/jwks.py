"""Signing keys from a JWKS URL, cached, with a bound on how often a token can force a refetch."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable

import httpx
from joserfc.errors import JoseError
from joserfc.jwk import Key, KeySet

from gateway.callers.errors import AuthenticationFailed, KeysUnavailable

logger = logging.getLogger(__name__)


class JwksKeys:
    """The identity provider's published keys.

    Kept for `cache_s`; a token naming a `kid` not in the set triggers one refetch (key
    rotation), but no more than one per `min_refresh_s`, so forged `kid`s cannot turn the
    gateway into a flood against the provider. A failed fetch keeps the previous keys.
    """

    def __init__(
        self,
        url: str,
        *,
        cache_s: float,
        min_refresh_s: float,
        timeout_s: float,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        self._cache_s = cache_s
        self._min_refresh_s = min_refresh_s
        self._clock = clock
        self._client = httpx.AsyncClient(transport=transport, timeout=timeout_s)
        self._lock = asyncio.Lock()
        self._keys: KeySet | None = None
        self._fetched_at = float("-inf")
        self._attempted_at = float("-inf")
        self.fetches = 0

    async def aclose(self) -> None:
        await self._client.aclose()

    async def key(self, kid: str | None) -> Key:
        keys = self._keys
        if keys is None or self._clock() - self._fetched_at >= self._cache_s:
            keys = await self._refresh(seen=keys)
        found = _find(keys, kid)
        if found is None and self._clock() - self._attempted_at >= self._min_refresh_s:
            keys = await self._refresh(seen=keys)
            found = _find(keys, kid)
        if found is None:
            raise AuthenticationFailed("the token's signing key (kid) is unknown")
        return found

    async def _refresh(self, seen: KeySet | None) -> KeySet:
        async with self._lock:
            # Another request refreshed while this one waited: use its result.
            if self._keys is not None and self._keys is not seen:
                return self._keys
            if self._clock() - self._attempted_at >= self._min_refresh_s or self._keys is None:
                await self._fetch()
            if self._keys is None:
                raise KeysUnavailable("the identity provider's signing keys are unavailable")
            return self._keys

    async def _fetch(self) -> None:
        self._attempted_at = self._clock()
        self.fetches += 1
        try:
            response = await self._client.get(self.url, headers={"Accept": "application/json"})
            response.raise_for_status()
            self._keys = KeySet.import_key_set(response.json())
            self._fetched_at = self._clock()
        except (httpx.HTTPError, ValueError, KeyError, TypeError, JoseError) as exc:
            # The previous keys (if any) stay in use until the next attempt succeeds.
            logger.warning("JWKS fetch from %s failed: %s", self.url, type(exc).__name__)


def _find(keys: KeySet | None, kid: str | None) -> Key | None:
    if keys is None:
        return None
    signing = [k for k in keys if k.get("use") in (None, "sig")]
    if kid is None:
        return signing[0] if len(signing) == 1 else None
    return next((k for k in signing if k.kid == kid), None)
