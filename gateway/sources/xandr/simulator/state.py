"""The Xandr sandbox's state: lists and items, sessions and their expiry, the switchable limits.

Part of the simulator (reference: shared/upstreams/xandr-inventory-lists.md).
"""

from __future__ import annotations

import secrets
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

SLIDING_EXPIRY = timedelta(hours=2)
HARD_EXPIRY = timedelta(hours=24)


def wire_time(moment: datetime) -> str:
    """Timestamps are "YYYY-MM-DD HH:MM:SS" in UTC (reference: Inventory list object)."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def is_app(url: str) -> bool:
    """Numeric store ids and reversed-domain bundle ids are apps; anything else a domain."""
    return url.isdigit() or url.split(".", 1)[0] in ("com", "net", "org", "tv", "air", "io")


def normalise(url: str) -> str | None:
    """The `inventory_url` of a raw url, or None when it is not a domain or bundle id."""
    value = url.strip().lower().removeprefix("https://").removeprefix("http://")
    value = value.removeprefix("www.").split("/", 1)[0]
    if not value or " " in value or ("." not in value and not value.isdigit()):
        return None
    return value


@dataclass
class Session:
    issued: datetime
    last_used: datetime


@dataclass
class Limits:
    """Read/write rate limits are off by default so the dashboard is not throttled."""

    rate_limits: bool = False
    reads_per_minute: int = 100
    writes_per_minute: int = 60
    max_concurrent: int = 15


@dataclass
class ScriptedError:
    """An error the next `times` API calls answer with (set through `/_sandbox/error`)."""

    error_id: str
    status: int
    times: int = 1
    error_code: str | None = None
    message: str = "sandbox scripted error"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class XandrState:
    lists: dict[int, dict[str, Any]] = field(default_factory=dict)
    items: dict[int, dict[int, dict[str, Any]]] = field(default_factory=dict)
    sessions: dict[str, Session] = field(default_factory=dict)
    logins: deque[datetime] = field(default_factory=deque)
    windows: dict[tuple[str, str], deque[datetime]] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)
    scripted: ScriptedError | None = None
    next_list_id: int = 0
    next_ui_id: int = 0
    next_item_id: int = 900_000
    in_flight: int = 0

    def new_session(self, now: datetime) -> str:
        token = secrets.token_hex(16)
        self.sessions[token] = Session(issued=now, last_used=now)
        return token

    def touch(self, token: str, now: datetime) -> bool:
        """Whether the token is live; each use slides the 2 h expiry (reference: Auth)."""
        session = self.sessions.get(token)
        if session is None:
            return False
        if now - session.last_used > SLIDING_EXPIRY or now - session.issued > HARD_EXPIRY:
            del self.sessions[token]
            return False
        session.last_used = now
        return True

    def new_item(self, url: str, include_children: bool, inventory_url: str) -> dict[str, Any]:
        self.next_item_id += 1
        app = is_app(inventory_url)
        return {
            "id": self.next_item_id,
            "url": url,
            "inventory_url": inventory_url,
            "include_children": include_children and not app,
            "app_name": f"App {inventory_url}" if app else None,
            "is_supported": True,
            "audit_status": "pending",
            "rejection_reason": None,
        }

    def counted(self, record: dict[str, Any]) -> dict[str, Any]:
        """The list with its read-only counts worked out from its items."""
        members = self.items.get(record["id"], {}).values()
        apps = sum(1 for i in members if i["app_name"] is not None)
        return record | {"num_apps": apps, "num_domains": len(members) - apps}
