"""Settings of the per-caller rate limits: `GATEWAY_RATE_LIMITS__*`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RateLimit(BaseModel):
    """Two token buckets per caller: one counts requests, the other cost units (upstream calls)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    requests_per_s: float = Field(
        default=20.0, gt=0, description="Requests a caller may send per second, sustained."
    )
    request_burst: int = Field(
        default=100, ge=1, description="Requests a caller may send at once after a quiet spell."
    )
    cost_per_s: float = Field(
        default=50.0,
        gt=0,
        description="Cost units (estimated upstream calls) a caller may spend per second,"
        " sustained.",
    )
    cost_burst: int = Field(
        default=1_000,
        ge=1,
        description="Cost units a caller may spend at once after a quiet spell.",
    )


class RateLimitSettings(RateLimit):
    """The limits every caller gets, and the callers (by scope or by key) that get others."""

    enabled: bool | None = Field(
        default=None,
        description="Refuse a caller over its limits with HTTP 429, `Retry-After` and code"
        " `RATE_LIMITED`, before any upstream call. Unset: on in production, off outside it"
        " (the sandbox, the tests and the load benchmark send from one address).",
    )
    by_scope: dict[str, RateLimit] = Field(
        default={},
        description="Limits for callers holding a scope, as JSON, e.g."
        ' `{"partner": {"requests_per_s": 5, "request_burst": 10, "cost_per_s": 10,'
        ' "cost_burst": 100}}`; a caller with several such scopes gets the most generous.',
    )
    by_key: dict[str, RateLimit] = Field(
        default={},
        description="Limits for one caller, by its key: `api_key:<name>`, `jwt:<subject>`,"
        " `proxy:<subject>` or `ip:<address>` (anonymous callers); wins over `by_scope`.",
    )

    def for_caller(self, key: str, scopes: frozenset[str]) -> RateLimit:
        """The limits of the caller with this key and these scopes."""
        if key in self.by_key:
            return self.by_key[key]
        matching = [limit for scope, limit in self.by_scope.items() if scope in scopes]
        if not matching:
            return self
        return max(matching, key=lambda limit: (limit.requests_per_s, limit.cost_per_s))
