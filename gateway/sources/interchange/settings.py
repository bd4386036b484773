"""Settings of the Interchange storefront section (`GATEWAY_INTERCHANGE__*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings
from gateway.sources.base import IdList


class InterchangeSettings(UpstreamSettings):
    """An Interchange API key (`scope3_…`), sent as a bearer token."""

    # Reference: Base URL.
    api_base_path = "/api/v2/storefront"
    api_path_roots = ("api",)

    api_key: SecretStr | None = Field(
        default=None, description="The `scope3_...` API key, sent as a bearer token."
    )
    default_source_ids: IdList = Field(
        default=[],
        description="Inventory sources `workItems` and `tasks` read when a query names none.",
    )
    # Bound on one fan-out: every source is one upstream call.
    max_sources_per_query: int = Field(
        default=20,
        ge=1,
        le=200,
        description="Most inventory sources one `workItems` reads (more is refused) and `tasks`"
        " reads (more is cut, and says so).",
    )
    # 100 requests a minute per IP (reference: Rate limits), and a poll is one call per source.
    poll_interval_s: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="How often a live subscription's shared poller reads Interchange (one call"
        " per inventory source); stretched on 429, backed off on failures (docs/live.md).",
    )

    work_item_cache_ttl_s: float = Field(
        default=30,
        ge=0,
        le=86_400,
        description="How long a work item's detail (payload, result, events; one call per item,"
        " the upstream has no batch form) is kept for later requests; the gateway's own"
        " completions retire it at once; 0 keeps none.",
    )

    def missing_credentials(self) -> list[str]:
        return [] if self.api_key is not None else ["api_key"]
