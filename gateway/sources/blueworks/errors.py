"""Blueworks-specific failures; its error bodies are undocumented, so statuses decide the rest."""

from __future__ import annotations

from gateway.errors import GatewayError


class UnauthenticatedCaller(GatewayError):
    """An account-level Service ID must name the end user, and this request has none."""

    code = "UNAUTHENTICATED_CALLER"
