"""Settings of the limbo/Beat distribution API section (`GATEWAY_LIMBOBEAT__*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings


class LimbobeatSettings(UpstreamSettings):
    """Either a static bearer `token`, or `email` + `password` for the OAuth password grant."""

    # Reference: Base URL.
    api_base_path = "/api/v1"
    api_path_roots = ("api", "oauth")

    token: SecretStr | None = Field(
        default=None, description="A static bearer token; instead of `EMAIL` and `PASSWORD`."
    )
    email: str | None = Field(
        default=None, description="Login of the OAuth password grant at `/oauth/token`."
    )
    password: SecretStr | None = Field(
        default=None, description="Password of the OAuth password grant."
    )
    # The upstream's page-size cap is undocumented; 200 is the reference's assumption.
    page_size_cap: int = Field(
        default=200, ge=1, le=1000, description="Largest `page[size]` asked for."
    )
    max_batch_size: int = Field(
        default=100,
        ge=1,
        le=200,
        description="Most keys one DataLoader batch (one call) carries; at most 200 here.",
    )

    product_cache_ttl_s: float = Field(
        default=300,
        ge=0,
        le=30 * 86_400,
        description="How long products read by id are kept for later requests (the gateway never"
        " changes them; another system may); 0 keeps none. In the state store: fleet-wide with"
        " Redis (docs/performance.md).",
    )
    dsp_cache_ttl_s: float = Field(
        default=3_600,
        ge=0,
        le=30 * 86_400,
        description="How long DSP upload identifications read by id are kept for later requests;"
        " 0 keeps none.",
    )
    relationship_cache_ttl_s: float = Field(
        default=86_400,
        ge=0,
        le=30 * 86_400,
        description="How long a send task's product and DSP ids, read one task at a time from"
        " the relationship endpoints, are kept for later requests (they never change after"
        " creation); 0 keeps none. Kept in the state store: fleet-wide with Redis.",
    )

    include_support_ttl_s: float = Field(
        default=3_600,
        ge=0,
        le=30 * 86_400,
        description="How long what a read learnt about `include=` (whether limbo/Beat honours"
        " it: the reference does not document it) holds; after it the next read of send tasks"
        " asks with `include=` again, so an upstream that starts or stops honouring it is"
        " noticed without a restart. Per process; 0 asks every read.",
    )

    def missing_credentials(self) -> list[str]:
        if self.token is not None or (self.email and self.password is not None):
            return []
        return ["token (or email and password)"]
