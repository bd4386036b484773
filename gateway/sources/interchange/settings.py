"""Settings of the Interchange storefront section (`GATEWAY_INTERCHANGE__*`)."""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import NoDecode

from gateway.sources.base import UpstreamSettings


class InterchangeSettings(UpstreamSettings):
    """An Interchange API key (`scope3_…`), sent as a bearer token."""

    api_key: SecretStr | None = None
    # Inventory sources a dashboard reads when a query names none.
    default_source_ids: Annotated[list[str], NoDecode] = []
    # Bound on one `workItems` fan-out (one upstream call per source).
    max_sources_per_query: int = Field(default=20, ge=1, le=200)

    @field_validator("default_source_ids", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        # `GATEWAY_INTERCHANGE__DEFAULT_SOURCE_IDS=a,b` as well as a JSON list.
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def missing_credentials(self) -> list[str]:
        return [] if self.api_key is not None else ["api_key"]
