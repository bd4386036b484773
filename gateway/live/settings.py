"""The `live` section (`GATEWAY_LIVE__*`): bounds of subscriptions and their shared pollers."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class LiveSettings(BaseModel):
    """What one connection, one caller and one subscriber may hold; how pollers back off."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = Field(
        default=True,
        description="Serve subscriptions (WebSocket `graphql-transport-ws` and GraphQL over SSE)"
        " at `/graphql`. Off: subscription operations are refused.",
    )
    connection_init_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="How long a WebSocket may stay open without a `connection_init` before it is"
        " closed with 4408.",
    )
    max_subscriptions_per_connection: int = Field(
        default=20,
        ge=1,
        le=1000,
        description="Operations one WebSocket may run at once; more are answered with an error.",
    )
    max_subscriptions_per_caller: int = Field(
        default=50,
        ge=1,
        le=10_000,
        description="Subscriptions one caller (token subject, API key, or address when"
        " anonymous) may hold at once in one gateway process, over every connection.",
    )
    queue_size: int = Field(
        default=100,
        ge=1,
        le=10_000,
        description="Events waiting for one slow subscriber; past it the queue is dropped and"
        " the subscriber gets a `lagged` snapshot instead.",
    )
    max_backoff_s: float = Field(
        default=300.0,
        gt=0,
        le=3600,
        description="Longest wait between polls of a failing or rate-limiting upstream.",
    )
    poll_timeout_s: float = Field(
        default=30.0,
        gt=0,
        le=600,
        description="Deadline of one poll (every upstream call and retry it makes).",
    )
    max_ids: int = Field(
        default=50,
        ge=1,
        le=1000,
        description="Most ids `sendTaskChanged` and `catalogItemTasksChanged` watch at once.",
    )
