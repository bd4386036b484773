"""The Blueworks sandbox account's seed: apps and every world user's work instances.

Deterministic for the world's seed (reference: shared/upstreams/blueworks-worklist.md).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

from gateway.sandbox.world import World
from gateway.sources.blueworks.simulator.state import Account, Instance

APP_NAMES = ("Vendor onboarding", "Expense approval", "Release checklist", "New hire", "Audit")
TASK_NAMES = ("Review", "Approve", "Sign off", "Collect documents", "Notify", "Archive")
UNDATED_SHARE = 0.25
# Exists in the account but is a Viewer: no API access (reference: Base URL).
VIEWER = "viewer@example.com"


def epoch_ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


class _Ids:
    """Short hex ids as in IBM's examples (`a0713`, `5f501e134c6ce`), unique in the account."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[str] = set()

    def new(self, bits: int) -> str:
        while (value := f"{self.rng.getrandbits(bits):0{bits // 4}x}") in self.used:
            pass
        self.used.add(value)
        return value


def seeded_account(world: World) -> Account:
    apps, instances = seed_account(world)
    return Account(users=set(world.users), viewers={VIEWER}, apps=apps, instances=instances)


def seed_account(world: World) -> tuple[dict[str, str], dict[str, Instance]]:
    """Apps (id -> Workflow|Checklist) and every user's open and closed instances."""
    rng = world.rng("blueworks")
    ids = _Ids(rng)
    app_ids = [ids.new(20) for _ in APP_NAMES]
    apps = {a: ("Workflow" if n % 3 else "Checklist") for n, a in enumerate(app_ids)}
    instances: dict[str, Instance] = {}
    counts = ((False, max(8, world.size // 4)), (True, max(6, world.size // 5)))
    for user in world.users:
        for closed, count in counts:
            for n in range(count):
                app = rng.randrange(len(app_ids))
                inst = Instance(
                    id=ids.new(52),
                    name=f"{APP_NAMES[app]} #{n + 1}",
                    owner=user,
                    closed=closed,
                    app_id=app_ids[app],
                    subject=f"{APP_NAMES[app]} for {user.split('@')[0]}",
                )
                inst.tasks = _tasks(rng, world, inst, dated=rng.random() > UNDATED_SHARE)
                inst.status = _status(rng, inst, world.anchor)
                instances[inst.id] = inst
    return apps, instances


def _tasks(
    rng: random.Random, world: World, inst: Instance, *, dated: bool
) -> list[dict[str, Any]]:
    tasks = []
    count = rng.randint(2, 5)
    for n in range(count):
        # An open instance always has its last task still to do.
        done = inst.closed or (n < count - 1 and rng.random() < 0.4)
        task: dict[str, Any] = {
            "id": f"{inst.id}-{n + 1}",
            "name": rng.choice(TASK_NAMES),
            "status": "Completed" if done else rng.choice(("NotStarted", "InProgress")),
            "assignedTo": rng.choice(world.users),
            "approvalStep": n == 1,
            "isApproved": n == 1 and done,
        }
        if dated and rng.random() < 0.8:
            due = world.anchor + timedelta(days=rng.randint(-20, 30), hours=rng.randint(0, 23))
            task["dueDate"] = epoch_ms(due)
        tasks.append(task)
    return tasks


def _status(rng: random.Random, inst: Instance, anchor: datetime) -> str:
    if inst.closed:
        return "Completed" if rng.random() < 0.75 else "Cancelled"
    due = inst.due_ms
    return "Overdue" if due is not None and due < epoch_ms(anchor) else "Active"
