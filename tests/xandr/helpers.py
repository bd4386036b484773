"""Shared bits of the Xandr tests: sandbox controls and call counting."""

from __future__ import annotations

from typing import Any

from tests.conftest import Gateway, calls

SANDBOX = "/sandbox/xandr/_sandbox"


def logins(body: dict[str, Any]) -> int:
    return len([c for c in calls(body, "xandr") if c["path"].endswith("/auth")])


def api_calls(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in calls(body, "xandr") if not c["path"].endswith("/auth")]


async def script_error(gw: Gateway, error_id: str, status: int, **extra: Any) -> None:
    """The next Xandr API call(s) answer with this error envelope."""
    response = await gw.http.put(
        f"{SANDBOX}/error", json={"error_id": error_id, "status": status, **extra}
    )
    assert response.status_code == 200, response.text


async def set_limits(gw: Gateway, **limits: Any) -> None:
    response = await gw.http.put(f"{SANDBOX}/limits", json=limits)
    assert response.status_code == 200, response.text
