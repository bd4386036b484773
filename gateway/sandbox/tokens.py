"""Bearer tokens a simulator issued, each valid until its expiry on the sandbox clock."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from gateway.sandbox.clock import SandboxClock

T = TypeVar("T")


class IssuedTokens(Generic[T]):
    """Maps each issued token to whom it was issued (e.g. a credential) until it expires."""

    def __init__(self, clock: SandboxClock) -> None:
        self._clock = clock
        self._issued: dict[str, tuple[T, datetime]] = {}

    def issue(self, holder: T, lifetime_s: float) -> str:
        token = secrets.token_urlsafe(24)
        expires = self._clock.now() + timedelta(seconds=lifetime_s)
        self._issued[token] = (holder, expires)
        return token

    def holder(self, token: str | None) -> T | None:
        """Whom a live token was issued to; None for an unknown or expired token."""
        issued = self._issued.get(token or "")
        if issued is None or issued[1] <= self._clock.now():
            return None
        return issued[0]
