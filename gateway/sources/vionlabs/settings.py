"""Settings of the Vionlabs Tasks API section (`GATEWAY_VIONLABS__*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import SecretStr

from gateway.http.settings import UpstreamSettings
from gateway.sources.base import IdList


class VionlabsSettings(UpstreamSettings):
    """A Vionlabs API key, sent in the `X-API-Key` header or the `key` query parameter."""

    api_key: SecretStr | None = None
    # The header is deprecated upstream but keeps the key out of URLs; both are supported.
    key_transport: Literal["header", "query"] = "header"
    # Catalog items a dashboard reads when a query names none.
    default_catalog_item_ids: IdList = []

    def missing_credentials(self) -> list[str]:
        return [] if self.api_key is not None else ["api_key"]
