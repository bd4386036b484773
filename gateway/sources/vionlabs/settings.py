"""Settings of the Vionlabs Tasks API section (`GATEWAY_VIONLABS__*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings
from gateway.sources.base import IdList


class VionlabsSettings(UpstreamSettings):
    """A Vionlabs API key, sent in the `X-API-Key` header or the `key` query parameter."""

    # Reference: Base URL (the Tasks API's paths all start with /tasks).
    api_base_path = "/tasks"
    api_path_roots = ("tasks",)

    api_key: SecretStr | None = Field(default=None, description="The Vionlabs API key.")
    # The header is deprecated upstream but keeps the key out of URLs; both are supported.
    key_transport: Literal["header", "query"] = Field(
        default="header",
        description="Where the key goes: the `X-API-Key` header or the `key` query parameter.",
    )
    # Vionlabs has no batch endpoint (one call per catalog item), so this bounds one fan-out.
    max_batch_size: int = Field(
        default=100,
        ge=1,
        le=1000,
        description="Most catalog items one DataLoader batch fans out to (one call each) and"
        " one `tasks` reads (more are cut, and say so).",
    )
    default_catalog_item_ids: IdList = Field(
        default=[], description="Catalog items `tasks` reads when its scope names none."
    )

    item_tasks_cache_ttl_s: float = Field(
        default=15,
        ge=0,
        le=86_400,
        description="How long a catalog item's task list is kept for later requests (task states"
        " move on upstream meanwhile; the gateway's own creates and deactivations retire it at"
        " once); 0 keeps none.",
    )

    def missing_credentials(self) -> list[str]:
        return [] if self.api_key is not None else ["api_key"]
