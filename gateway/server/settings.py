"""Settings of the server's defences against slow and oversized clients: `GATEWAY_SERVER__*`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ServerSettings(BaseModel):
    """Deadlines and caps the server applies to every connection, before the app sees it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    header_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=300,
        description="Time a client has to send a request's whole head (request line and"
        " headers), from its first byte or from the connection's start; then it is disconnected.",
    )
    body_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=3_600,
        description="Time a client has to send a request's whole body once its head is in;"
        " then it is disconnected.",
    )
    keepalive_timeout_s: float = Field(
        default=5.0,
        gt=0,
        le=300,
        description="How long an idle keep-alive connection stays open between requests.",
    )
    max_header_count: int = Field(
        default=100,
        ge=10,
        le=1_000,
        description="The most headers one request may carry (HTTP 431 past it).",
    )
    max_header_bytes: int = Field(
        default=16_384,
        ge=1_024,
        le=1_048_576,
        description="The largest request head (request line and headers), in bytes (HTTP 431"
        " past it).",
    )
