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

    # Reference: Base URL.
    api_base_path = "/scr/api"
    api_path_roots = ("scr", "oauth")

    client_id: str | None = Field(
        default=None, description="Client id of the Service ID (OAuth client credentials)."
    )
    client_secret: SecretStr | None = Field(
        default=None, description="Client secret of the Service ID."
    )
    service_id_kind: Literal["account", "user"] = Field(
        default="account",
        description="`account`: the Service ID acts for the caller (`X-On-Behalf-Of`, from the"
        " caller header); `user`: a User Service ID, always acting as its own user.",
    )
    # The largest `limit` is undocumented; the reference assumes 100 (capped silently).
    page_size_cap: int = Field(
        default=100,
        ge=1,
        le=1000,
        description="Largest `limit` sent to WorkList; also the largest `first` of"
        " `workInstances`.",
    )

    work_detail_cache_ttl_s: float = Field(
        default=60,
        ge=0,
        le=86_400,
        description="How long an instance's WorkDetail is kept for later requests of the same"
        " user (never shown to another: Blueworks answers per user); 0 keeps none.",
    )

    def missing_credentials(self) -> list[str]:
        missing = []
        if not self.client_id:
            missing.append("client_id")
        if self.client_secret is None:
            missing.append("client_secret")
        return missing
