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
    responses: bool = Field(
        default=False,
        description="Keep whole answers of read operations whose fields declare cache hints"
        " (`@cacheControl` in the schema), for their smallest `maxAge`, per caller where a hint"
        " says PRIVATE; `extensions.cache` tells a kept answer and its age. A client sending"
        " `Cache-Control: no-cache` gets a fresh one. Any write through the gateway retires"
        " every kept answer.",
    )
    responses_max_entries: int = Field(
        default=200,
        ge=1,
        le=100_000,
        description="Without Redis: the most answers one process keeps (least recently used go"
        " first). With Redis they are kept there, expiring with their `maxAge`.",
    )
