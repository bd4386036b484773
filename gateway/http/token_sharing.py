"""Upstream tokens shared by every process through the state store: one fetch for the fleet.

A process that needs a token reads the fleet's; when there is none (or it is the one the
upstream just refused) one process fetches under a lock with a timeout and the others wait for
its token. The token travels as bytes in the store and is never logged.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from gateway.errors import UpstreamUnavailable
from gateway.http.settings import UpstreamSettings
from gateway.state import LockTimeout, StateStore, shared_value
from gateway.state.shared import Produced

__all__ = ["Produced", "TokenSharing", "decode", "encode", "fetch_shared"]


@dataclass(frozen=True)
class TokenSharing:
    """Where one upstream account's token is kept, and how long one fetch may hold the lock."""

    store: StateStore
    key: str
    source: str
    lock_ttl_s: float

    @classmethod
    def for_account(
        cls, store: StateStore, source: str, settings: UpstreamSettings, account: str
    ) -> TokenSharing:
        """One key per upstream and account, so two gateways sharing Redis never mix tokens."""
        # Hashed: the key names the account without spelling it out in Redis' keyspace.
        digest = hashlib.sha256(f"{settings.base_url}|{account}".encode()).hexdigest()[:24]
        # A token fetch is one unretried call: the lock outlives its connect and read timeouts.
        lock_ttl_s = settings.connect_timeout_s + 2 * settings.timeout_s
        return cls(store.namespace("tokens"), f"{source}:{digest}", source, lock_ttl_s)


def encode(value: str, expires_at: float | None) -> Produced:
    """The token as stored: its value and wall-clock expiry, kept until it expires."""
    if expires_at is None:
        return json.dumps({"value": value, "expires": None}).encode(), None
    remaining = max(0.001, expires_at - time.monotonic())
    return json.dumps({"value": value, "expires": time.time() + remaining}).encode(), remaining


def decode(raw: bytes) -> tuple[str, float | None]:
    """The token's value and its expiry on this process's monotonic clock."""
    stored = json.loads(raw)
    expires = stored["expires"]
    if expires is None:
        return str(stored["value"]), None
    return str(stored["value"]), time.monotonic() + (float(expires) - time.time())


async def fetch_shared(
    sharing: TokenSharing, fetch: Callable[[], Awaitable[Produced]], stale: bytes | None
) -> bytes:
    """The fleet's token as stored; fetched by this process only if no other one is doing it."""
    try:
        return await shared_value(
            sharing.store, sharing.key, fetch, lock_ttl_s=sharing.lock_ttl_s, stale=stale
        )
    except LockTimeout:
        raise UpstreamUnavailable(
            f"{sharing.source} token is still being fetched by another gateway process",
            source=sharing.source,
        ) from None
