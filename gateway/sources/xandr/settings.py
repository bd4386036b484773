"""Settings of the Xandr inventory-list section (`GATEWAY_XANDR__*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings


class XandrSettings(UpstreamSettings):
    """A Xandr API user: `POST /auth` with `username` and `password` yields the session token."""

    username: str | None = None
    password: SecretStr | None = None
    # Xandr silently truncates id lists and pages at 100.
    max_batch_size: int = Field(default=100, ge=1, le=100)
    # Xandr answers excess concurrent calls (over 15) with an error inside an HTTP 200.
    max_concurrency: int = Field(default=15, ge=1, le=15)
    # Successful logins are limited to 10 per 5 minutes; the gateway never asks for more.
    logins_per_window: int = Field(default=10, ge=1, le=10)
    login_window_s: float = Field(default=300.0, gt=0)

    def missing_credentials(self) -> list[str]:
        missing = []
        if not self.username:
            missing.append("username")
        if self.password is None:
            missing.append("password")
        return missing
