"""What every upstream section of the settings shares: where it is and how to talk to it.

It lives with the HTTP layer because that layer reads it; each source subclasses it.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, field_validator

from gateway.http.base_url import normalised


class UpstreamSettings(BaseModel):
    """Connection policy of one upstream; each source subclasses it to add its credentials."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # The API's documented base path, which the client adds itself (a base URL may end in it),
    # and the first segments of the API's own paths (a base URL's path must not go into them).
    api_base_path: ClassVar[str] = ""
    api_path_roots: ClassVar[tuple[str, ...]] = ()

    base_url: AnyHttpUrl | None = Field(
        default=None,
        description="Where the upstream is: its host root, or the API's documented base path"
        " (trimmed to the host root at start-up); any other path prefix is kept. The client adds"
        " the API's own paths. Unset: not configured (the sandbox may stand in).",
    )
    timeout_s: float = Field(
        default=10.0, gt=0, le=300, description="Whole-call timeout of one attempt, in seconds."
    )
    connect_timeout_s: float = Field(
        default=3.0, gt=0, le=60, description="Connect timeout, in seconds."
    )
    max_connections: int = Field(
        default=20, ge=1, le=1000, description="Connection pool size for this upstream."
    )
    keepalive_s: float = Field(
        default=15.0,
        ge=0,
        le=3600,
        description="How long an idle connection stays open for the next call (0: closed after"
        " each call); at most `MAX_CONNECTIONS` are open at once, idle or not.",
    )
    # Only idempotent reads are retried; writes never are (a write is never silently repeated).
    retries: int = Field(
        default=2,
        ge=0,
        le=10,
        description="Extra attempts for a failed read (unavailable, timed out, or throttled with"
        " a short enough `Retry-After`); writes are never retried.",
    )
    max_retry_wait_s: float = Field(
        default=5.0,
        ge=0,
        le=120,
        description="Longest `Retry-After` slept through before retrying a read, in seconds; a"
        " longer one is reported to the caller (`UPSTREAM_RATE_LIMITED`) instead.",
    )
    retry_budget_ratio: float = Field(
        default=0.2,
        ge=0,
        le=1,
        description="Retries allowed as a share of this upstream's calls over"
        " `RETRY_BUDGET_WINDOW_S` (0.2: at most one retry per five calls), so retries cannot"
        " multiply the load on a failing upstream.",
    )
    retry_budget_window_s: float = Field(
        default=10.0, gt=0, le=600, description="The window the retry budget counts over."
    )
    retry_budget_min_retries: int = Field(
        default=10,
        ge=0,
        le=10_000,
        description="Retries always allowed per window on top of the share, so a quiet"
        " upstream's rare failure is still retried.",
    )
    breaker_failure_threshold: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="Consecutive failed attempts (5xx, unreachable, timed out) that open this"
        " upstream's circuit breaker: calls then fail at once with `UPSTREAM_UNAVAILABLE`.",
    )
    breaker_open_s: float = Field(
        default=30.0,
        gt=0,
        le=3600,
        description="How long an open breaker fails calls without trying, in seconds; then it"
        " is half-open and lets trial calls through.",
    )
    breaker_half_open_calls: int = Field(
        default=1,
        ge=1,
        le=100,
        description="Trial calls let through at once while half-open; a success closes the"
        " breaker, a failure opens it again.",
    )
    max_batch_size: int = Field(
        default=100, ge=1, le=1000, description="Most keys one DataLoader batch (one call) carries."
    )
    # One semaphore per client, so a burst of requests cannot flood the upstream.
    max_concurrency: int = Field(
        default=8,
        ge=1,
        le=100,
        description="Most calls in flight to this upstream from the whole process; a slot is held"
        " per attempt, never across a retry's wait.",
    )
    share_identical_reads: bool = Field(
        default=True,
        description="Concurrent requests that make the same GET (same URL, query and headers,"
        " the acting user's included) wait for one call instead of making one each; a write to"
        " this upstream stops later reads from joining calls that started before it.",
    )
    # Read by live subscriptions (gateway/live): one shared poller per scope reads this often.
    poll_interval_s: float = Field(
        default=5.0,
        gt=0,
        le=3600,
        description="How often a live subscription's shared poller reads this upstream; stretched"
        " while it rate-limits, backed off while it fails (docs/live.md).",
    )

    @field_validator("base_url")
    @classmethod
    def _host_root(cls, url: AnyHttpUrl | None) -> AnyHttpUrl | None:
        return None if url is None else normalised(url, cls.api_base_path, cls.api_path_roots)

    @property
    def configured(self) -> bool:
        return self.base_url is not None

    def missing_credentials(self) -> list[str]:
        """Names (lower-case field names) of credentials a configured source still lacks."""
        return []
