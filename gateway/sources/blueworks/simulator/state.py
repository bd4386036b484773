"""The Blueworks sandbox account: its users, apps and work instances.

Part of the simulator (reference: shared/upstreams/blueworks-worklist.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Instance:
    id: str
    name: str
    owner: str
    closed: bool
    app_id: str
    subject: str
    status: str = "Active"
    tasks: list[dict[str, Any]] = field(default_factory=list)

    @property
    def due_ms(self) -> int | None:
        dated = [t["dueDate"] for t in self.tasks if "dueDate" in t]
        return min(dated) if dated else None

    def summary(self) -> dict[str, Any]:
        remaining = 0 if self.closed else sum(t["status"] != "Completed" for t in self.tasks)
        out: dict[str, Any] = {
            "id": self.id,
            "name": self.name,
            "status": self.status,
            "remainingTasks": remaining,
            "appId": self.app_id,
        }
        # The key is absent, not null, when no task has a due date (reference: Quirks).
        if (due := self.due_ms) is not None:
            out["dueDate"] = due
        return out

    def sort_key(self) -> tuple[int, int, str]:
        # Newest dueDate first; ASSUMPTION: undated after dated, then by id as strings.
        due = self.due_ms
        return (0, -due, self.id) if due is not None else (1, 0, self.id)


@dataclass
class Account:
    """Who exists in the account, and what work it holds."""

    users: set[str]
    # Exist in the account but have no API access (reference: Base URL).
    viewers: set[str]
    apps: dict[str, str]
    instances: dict[str, Instance]
