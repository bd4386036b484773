"""What a poller compares: each task's normalised facts, and what changed between two reads."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any


@dataclass(frozen=True)
class Item:
    """One task as a poller sees it: compared by `facts`, carried to subscribers as `value`."""

    key: str
    # Normalised (state, source status, due date, assignee...) so that wire noise such as a
    # status's case or a timestamp's format never reads as a change.
    facts: Mapping[str, str | None]
    value: Any


@dataclass(frozen=True)
class Snapshot:
    """Every task one poll saw, by key."""

    items: Mapping[str, Item]

    @classmethod
    def of(cls, items: list[Item]) -> Snapshot:
        return cls({item.key: item for item in items})


class ChangeKind(StrEnum):
    APPEARED = "APPEARED"
    CHANGED = "CHANGED"
    DISAPPEARED = "DISAPPEARED"


@dataclass(frozen=True)
class Change:
    """One task that appeared, changed or disappeared between two snapshots."""

    kind: ChangeKind
    before: Item | None
    after: Item | None

    @property
    def item(self) -> Item:
        """The newest version known: the one that disappeared is its last one."""
        found = self.after or self.before
        assert found is not None
        return found

    @property
    def fields(self) -> list[str]:
        if self.before is None or self.after is None:
            return []
        names = list(self.after.facts)
        return [name for name in names if self.before.facts.get(name) != self.after.facts[name]]


def diff(before: Snapshot, after: Snapshot) -> list[Change]:
    """The changes from `before` to `after`, in the order `after` lists its tasks."""
    changes: list[Change] = []
    for key, now in after.items.items():
        was = before.items.get(key)
        if was is None:
            changes.append(Change(ChangeKind.APPEARED, None, now))
        elif was.facts != now.facts:
            changes.append(Change(ChangeKind.CHANGED, was, now))
    changes += [
        Change(ChangeKind.DISAPPEARED, was, None)
        for key, was in before.items.items()
        if key not in after.items
    ]
    return changes
