"""Settings of the IBM Blueworks Live section (`GATEWAY_BLUEWORKS__*`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings


class BlueworksSettings(UpstreamSettings):
    """OAuth2 client credentials of a Service ID.

    An account-level Service ID (`service_id_kind="account"`) acts for the caller through
    `X-On-Behalf-Of`; a User Service ID always acts as its own user.
    """

    client_id: str | None = None
    client_secret: SecretStr | None = None
    service_id_kind: Literal["account", "user"] = "account"
    # The largest `limit` is undocumented; the reference assumes 100 (capped silently).
    page_size_cap: int = Field(default=100, ge=1, le=1000)

    def missing_credentials(self) -> list[str]:
        missing = []
        if not self.client_id:
            missing.append("client_id")
        if self.client_secret is None:
            missing.append("client_secret")
        return missing
