"""What every upstream section of the settings shares: where it is and how to talk to it.

It lives with the HTTP layer because that layer reads it; each source subclasses it.
"""

from __future__ import annotations

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field


class UpstreamSettings(BaseModel):
    """Connection policy of one upstream; each source subclasses it to add its credentials."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    base_url: AnyHttpUrl | None = None
    timeout_s: float = Field(default=10.0, gt=0, le=300)
    connect_timeout_s: float = Field(default=3.0, gt=0, le=60)
    max_connections: int = Field(default=20, ge=1, le=1000)
    max_keepalive_connections: int = Field(default=10, ge=0, le=1000)
    # Only idempotent reads are retried; writes never are (a write is never silently repeated).
    retries: int = Field(default=2, ge=0, le=10)
    # A Retry-After longer than this is reported to the caller instead of slept through.
    max_retry_wait_s: float = Field(default=5.0, ge=0, le=120)
    max_batch_size: int = Field(default=100, ge=1, le=1000)
    # Bound on parallel calls to this upstream from the whole gateway process (one semaphore per
    # client), so a burst of requests cannot flood it.
    max_concurrency: int = Field(default=8, ge=1, le=100)

    @property
    def configured(self) -> bool:
        return self.base_url is not None

    def missing_credentials(self) -> list[str]:
        """Names (lower-case field names) of credentials a configured source still lacks."""
        return []
