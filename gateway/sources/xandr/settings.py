"""Settings of the Xandr inventory-list section (`GATEWAY_XANDR__*`)."""

from __future__ import annotations

from pydantic import Field, SecretStr

from gateway.http.settings import UpstreamSettings


class XandrSettings(UpstreamSettings):
    """A Xandr API user: `POST /auth` with `username` and `password` yields the session token."""

    # Reference: Base URL.
    api_base_path = ""
    api_path_roots = ("auth", "inventory-list")

    username: str | None = Field(default=None, description="The API user's name for `POST /auth`.")
    password: SecretStr | None = Field(default=None, description="The API user's password.")
    # Xandr silently truncates id lists and pages at 100.
    max_batch_size: int = Field(
        default=100,
        ge=1,
        le=100,
        description="Most keys one DataLoader batch (one call) carries; at most 100 here.",
    )
    # Xandr answers excess concurrent calls (over 15) with an error inside an HTTP 200.
    max_concurrency: int = Field(
        default=15,
        ge=1,
        le=15,
        description="Most calls in flight to Xandr from the whole process; at most 15 here.",
    )
    # Successful logins are limited to 10 per 5 minutes; the gateway never asks for more.
    logins_per_window: int = Field(
        default=10,
        ge=1,
        le=10,
        description="Most logins (`POST /auth`, attempts counted) per `LOGIN_WINDOW_S`; Xandr"
        " allows 10 per 5 minutes. Counted for the whole fleet with `GATEWAY_REDIS_URL`.",
    )
    login_window_s: float = Field(
        default=300.0, gt=0, description="The window of the login budget, in seconds."
    )

    def missing_credentials(self) -> list[str]:
        missing = []
        if not self.username:
            missing.append("username")
        if self.password is None:
            missing.append("password")
        return missing
