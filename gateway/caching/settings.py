"""The `cache` settings section (`GATEWAY_CACHE__*`): what the gateway keeps across requests."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class CacheSettings(BaseModel):
    """Bounds and lifetimes of every cache across requests (docs/performance.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    documents_max_chars: int = Field(
        default=262_144,
        ge=0,
        le=64 * 1024 * 1024,
        description="Parsed and validated documents are kept by query text, up to this many"
        " characters of text in all (about 75 bytes of memory each); least recently used go"
        " first; 0 turns the cache off.",
    )
