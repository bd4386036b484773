"""Settings of what one request may cost: `GATEWAY_MAX_*`, persisted documents, rate limits.

They are top-level variables (`GATEWAY_MAX_COST`, not a section) because operators look for
them by those names (issue 13); `Settings` takes them in as a base class.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class RequestLimits(BaseModel):
    """Bounds on one request's document, body, cost and answer (docs/limits.md)."""

    model_config = ConfigDict(frozen=True)

    max_query_length: int = Field(
        default=32_768,
        ge=256,
        le=4 * 1024 * 1024,
        description="The longest query text, in characters; longer is refused before parsing.",
    )
    max_tokens: int = Field(
        default=2_000,
        ge=100,
        le=100_000,
        description="The most lexical tokens (and, separately, comments) the parser reads before"
        " it gives up; bounds the CPU a document can cost before validation.",
    )
    max_query_depth: int = Field(
        default=10,
        ge=2,
        le=50,
        description="The deepest field nesting, fragments expanded and introspection included"
        " (a chain of `ofType` counts once).",
    )
    max_aliases: int = Field(
        default=15,
        ge=0,
        le=1_000,
        description="The most aliased fields in an operation, fragments expanded.",
    )
    max_root_fields: int = Field(
        default=10,
        ge=1,
        le=1_000,
        description="The most root fields in an operation (each alias counts), fragments expanded.",
    )
    max_directives: int = Field(
        default=50,
        ge=0,
        le=1_000,
        description="The most directives used in an operation, fragments expanded.",
    )
