"""Settings of the state store: `GATEWAY_REDIS_URL` and the `GATEWAY_STATE__*` section."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, SecretStr


def _redis_scheme(url: SecretStr) -> SecretStr:
    # The URL may carry a password, so the message names the schemes, never the value.
    if not url.get_secret_value().startswith(("redis://", "rediss://", "unix://")):
        raise ValueError("must start with redis://, rediss:// or unix://")
    return url


# A Redis URL as redis-py reads it (`redis://[:password@]host:port/db`); kept secret in reprs.
RedisUrl = Annotated[SecretStr, AfterValidator(_redis_scheme)]


class StateSettings(BaseModel):
    """How the state store is kept: key prefix, memory bound, and Redis' failure handling."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key_prefix: str = Field(
        default="gateway:",
        min_length=1,
        max_length=64,
        description="Put before every Redis key and channel, so several gateways may share one"
        " Redis.",
    )
    memory_max_entries: int = Field(
        default=10_000,
        ge=100,
        le=10_000_000,
        description="Bound on each kind of per-process entry (values, counters, tag versions);"
        " the least recently used go first.",
    )
    redis_timeout_s: float = Field(
        default=1.0,
        gt=0,
        le=30,
        description="The longest one Redis call may take before the process serves from its own"
        " memory instead.",
    )
    redis_max_connections: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="Connections one process keeps to Redis at most; calls beyond it wait for a"
        " free one (pub/sub shares a single extra connection per process).",
    )
    retry_interval_s: float = Field(
        default=2.0,
        gt=0,
        le=300,
        description="While Redis is down, how often a call tries it again.",
    )
