"""Per-caller rate limits: two token buckets per caller, for requests and for cost units.

A caller is its identity's `state_key` (the authenticated subject, or `ip:<address>` for an
anonymous caller); its limits are the settings' unless a scope or its key has others. Buckets
live in the state store (`ratelimit` namespace): one process's memory by default, the whole
fleet's with Redis, where each take is one atomic round trip. Over a limit the request is
refused with HTTP 429, `Retry-After` and `RATE_LIMITED`, before any upstream call.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

from gateway.callers.identity import Identity
from gateway.errors import GatewayError
from gateway.limits.rate_settings import RateLimit, RateLimitSettings
from gateway.limits.settings import RequestLimits
from gateway.state import StateStore

Bucket = Literal["requests", "cost"]


class RateLimited(GatewayError):
    """The caller is over one of its limits; `retryAfter` (whole seconds) says when to retry."""

    code = "RATE_LIMITED"

    def __init__(self, bucket: Bucket, retry_after_s: float, limit: RateLimit) -> None:
        self.retry_after = max(1, math.ceil(retry_after_s))
        what = "requests" if bucket == "requests" else "upstream calls (the cost of operations)"
        rate = limit.requests_per_s if bucket == "requests" else limit.cost_per_s
        super().__init__(
            f"Too many {what} from this caller (at most {rate:g} a second); retry in"
            f" {self.retry_after} s",
            retryAfter=self.retry_after,
            limit={"name": bucket, "perSecond": rate},
        )


class RateLimiter:
    """Takes from a caller's buckets; made once per app, the store read when first needed."""

    def __init__(self, settings: RateLimitSettings, store_of: Callable[[], StateStore]) -> None:
        self.settings = settings
        self._store_of = store_of

    async def take_requests(self, identity: Identity, count: int = 1) -> None:
        """Raises `RateLimited` when the caller may not send `count` more requests now."""
        limit = self.settings.for_caller(identity.state_key, identity.scopes)
        await self._take(
            "requests", identity, limit, limit.request_burst, limit.requests_per_s, count
        )

    async def take_cost(self, identity: Identity, cost: int) -> None:
        """Raises `RateLimited` when the caller may not spend `cost` units now."""
        if cost <= 0:
            return
        limit = self.settings.for_caller(identity.state_key, identity.scopes)
        await self._take("cost", identity, limit, limit.cost_burst, limit.cost_per_s, cost)

    async def _take(
        self,
        bucket: Bucket,
        identity: Identity,
        limit: RateLimit,
        capacity: int,
        rate: float,
        amount: int,
    ) -> None:
        store = self._store_of().namespace("ratelimit")
        # More than a full bucket can never be granted: it waits for a full one instead.
        wanted = min(amount, capacity)
        admission = await store.take_tokens(
            f"{bucket}:{identity.state_key}", capacity=capacity, refill_per_s=rate, cost=wanted
        )
        if not admission.allowed:
            raise RateLimited(bucket, admission.retry_after_s, limit)


def rate_limiter(
    limits: RequestLimits, store_of: Callable[[], StateStore], *, production: bool
) -> RateLimiter | None:
    """The app's limiter; None when switched off (unset: off outside production)."""
    enabled = limits.rate_limits.enabled
    if not (enabled if enabled is not None else production):
        return None
    return RateLimiter(limits.rate_limits, store_of)
