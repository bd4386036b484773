"""What every upstream section of the settings shares: where it is and how to talk to it.

It lives with the HTTP layer because that layer reads it; each source subclasses it.
"""

from __future__ import annotations

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field


class UpstreamSettings(BaseModel):
    """Connection policy of one upstream; each source subclasses it to add its credentials."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: AnyHttpUrl | None = Field(
        default=None,
        description="Where the upstream is: its host root (a path prefix is kept); the client adds"
        " the API's own path. Unset: not configured (the sandbox may stand in).",
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
    max_keepalive_connections: int = Field(
        default=10, ge=0, le=1000, description="Idle connections kept open for reuse."
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

    @property
    def configured(self) -> bool:
        return self.base_url is not None

    def missing_credentials(self) -> list[str]:
        """Names (lower-case field names) of credentials a configured source still lacks."""
        return []
