"""The verified caller every resolver sees as `info.context.identity`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Method = Literal["jwt", "api_key", "proxy", "anonymous"]


@dataclass(frozen=True)
class Identity:
    """Who asks (`subject`), for whom (`user`), with what rights (`scopes`), proven how.

    `user` is the end user an on-behalf-of upstream (Blueworks) acts for: a token's user claim,
    an API key's fixed user, or the trusted proxy's header; never a raw request header.
    `scopes` are effective scopes: `work:write` already includes each `<source>:write`.
    """

    subject: str | None
    user: str | None
    scopes: frozenset[str]
    method: Method
    # The client's address as the server saw it; the key of anonymous callers.
    client: str | None = None
    # When the credential stops being valid (a token's `exp`, epoch seconds); None: it does not.
    # A long-lived connection (a WebSocket subscription) is closed then.
    expires_at: float | None = None

    @property
    def authenticated(self) -> bool:
        return self.method != "anonymous"

    @property
    def state_key(self) -> str:
        """A stable key for per-caller state (rate limits, caches scoped by identity)."""
        if self.authenticated and self.subject is not None:
            return f"{self.method}:{self.subject}"
        return f"ip:{self.client or 'unknown'}"
