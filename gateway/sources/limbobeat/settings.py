"""Settings of the limbo/Beat distribution API section (`GATEWAY_LIMBOBEAT__*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings


class LimbobeatSettings(UpstreamSettings):
    """Either a static bearer `token`, or `email` + `password` for the OAuth password grant."""

    token: SecretStr | None = None
    email: str | None = None
    password: SecretStr | None = None
    # The upstream's page-size cap is undocumented; 200 is the reference's assumption.
    page_size_cap: int = Field(default=200, ge=1, le=1000)
    max_batch_size: int = Field(default=100, ge=1, le=200)

    def missing_credentials(self) -> list[str]:
        if self.token is not None or (self.email and self.password is not None):
            return []
        return ["token (or email and password)"]
