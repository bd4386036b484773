"""Settings of what one request may cost: `GATEWAY_MAX_*`, persisted documents, rate limits.

They are top-level variables (`GATEWAY_MAX_COST`, not a section) because operators look for
them by those names (issue 13); `Settings` takes them in as a base class.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.limits.rate_settings import RateLimitSettings
from gateway.server.settings import ServerSettings

MIB = 1024 * 1024


class RequestLimits(BaseModel):
    """Bounds on one request's document, body, cost and answer (docs/limits.md)."""

    model_config = ConfigDict(frozen=True)

    max_body_bytes: int = Field(
        default=MIB,
        ge=1024,
        le=64 * MIB,
        description="The largest request body, counted while it is read (HTTP 413 past it).",
    )
    max_query_length: int = Field(
        default=32_768,
        ge=256,
        le=4 * MIB,
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
    max_selection_fields: int = Field(
        default=100,
        ge=1,
        le=10_000,
        description="The most fields in one selection set (each alias counts, fragments merged"
        " in); validation compares every pair of them, so this bounds its CPU.",
    )
    max_directives: int = Field(
        default=50,
        ge=0,
        le=1_000,
        description="The most directives used in an operation, fragments expanded.",
    )
    max_variables_depth: int = Field(
        default=32,
        ge=4,
        le=256,
        description="The deepest nesting of the request's JSON (variables and extensions).",
    )
    max_variable_values: int = Field(
        default=50_000,
        ge=100,
        le=10_000_000,
        description="The most JSON values (numbers, strings, lists, objects...) in `variables`.",
    )
    max_cost: int = Field(
        default=150,
        ge=1,
        le=100_000,
        description="The most upstream calls an operation's static cost estimate may reach;"
        " above it the operation is refused before any call (code `COST_LIMIT_EXCEEDED`).",
    )
    max_upstream_calls: int = Field(
        default=200,
        ge=1,
        le=100_000,
        description="The runtime budget: once a request has made this many upstream calls"
        " (retries included, token fetches not), the fields still waiting fail with"
        " `UPSTREAM_CALL_BUDGET_EXCEEDED` and the rest of the answer is returned.",
    )
    max_batch_operations: int = Field(
        default=0,
        ge=0,
        le=100,
        description="The most operations in one batched request (a JSON array, as Apollo's"
        " `BatchHttpLink` sends); 0 turns batching off.",
    )
    max_response_bytes: int = Field(
        default=8 * MIB,
        ge=1024,
        le=1024 * MIB,
        description="The largest response body; a larger answer is replaced by an error"
        " (code `RESPONSE_TOO_LARGE`).",
    )
    apq: bool = Field(
        default=True,
        description="Automatic persisted queries (Apollo's protocol): a client may send a"
        " document's SHA-256 instead of its text once the gateway has seen the text.",
    )
    apq_ttl_s: float = Field(
        default=86_400.0,
        gt=0,
        description="How long a document registered through APQ is kept after it was stored.",
    )
    trusted_documents: Literal["off", "required"] = Field(
        default="off",
        description="`required`: only the documents of the manifest run (by id or by exact"
        " text), and APQ registers nothing new; `off`: any document runs.",
    )
    trusted_documents_manifest: Path | None = Field(
        default=None,
        description="A JSON object of document id (e.g. its SHA-256) to document text, as"
        " GraphQL Code Generator's client preset or Relay's persisted output write; loaded at"
        " start. Listed documents can be sent by id in every mode.",
    )

    rate_limits: RateLimitSettings = RateLimitSettings()
    server: ServerSettings = ServerSettings()

    def limit_problems(self) -> list[str]:
        """Contradictory limits, one line each (checked at start-up)."""
        problems = []
        if self.trusted_documents == "required" and self.trusted_documents_manifest is None:
            problems.append(
                "GATEWAY_TRUSTED_DOCUMENTS=required needs GATEWAY_TRUSTED_DOCUMENTS_MANIFEST"
            )
        return problems
