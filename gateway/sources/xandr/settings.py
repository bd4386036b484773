"""Settings of the Xandr inventory-list section (`GATEWAY_XANDR__*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from gateway.sources.base import UpstreamSettings


class XandrSettings(UpstreamSettings):
    """A Xandr API user: `POST /auth` with `username` and `password` yields the session token."""

    username: str | None = None
    password: SecretStr | None = None
    # Xandr silently truncates id lists and pages at 100.
    max_batch_size: int = Field(default=100, ge=1, le=100)

    def missing_credentials(self) -> list[str]:
        missing = []
        if not self.username:
            missing.append("username")
        if self.password is None:
            missing.append("password")
        return missing
