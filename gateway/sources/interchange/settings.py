"""Settings of the Interchange storefront section (`GATEWAY_INTERCHANGE__*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings
from gateway.sources.base import IdList


class InterchangeSettings(UpstreamSettings):
    """An Interchange API key (`scope3_…`), sent as a bearer token."""

    api_key: SecretStr | None = None
    # Inventory sources a dashboard reads when a query names none.
    default_source_ids: IdList = []
    # Bound on one `workItems` fan-out (one upstream call per source).
    max_sources_per_query: int = Field(default=20, ge=1, le=200)

    def missing_credentials(self) -> list[str]:
        return [] if self.api_key is not None else ["api_key"]
