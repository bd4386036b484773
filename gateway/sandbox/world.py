"""The sandbox's shared, deterministic world: the ids every simulator seeds from.

Cross-links between sources are made here, so that a work item in Interchange can name an
inventory list that Xandr's simulator really has, or a send task that limbo/Beat has.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

ANCHOR = datetime(2026, 11, 1, 9, 0, 0, tzinfo=UTC)

USERS = (
    "demo@example.com",
    "alex.morgan@example.com",
    "priya.shah@example.com",
    "sam.lee@example.com",
    "kim.novak@example.com",
)

INTERCHANGE_SOURCE_IDS = ("retail-modular", "ctv-modular", "audio-modular")


@dataclass(frozen=True)
class World:
    """What exists across all sandbox upstreams for a given seed and size."""

    seed: int
    size: int
    anchor: datetime = ANCHOR
    users: tuple[str, ...] = USERS
    interchange_source_ids: tuple[str, ...] = INTERCHANGE_SOURCE_IDS
    extra: dict[str, object] = field(default_factory=dict)

    def rng(self, source: str) -> random.Random:
        """A generator private to one simulator, so one source's data never shifts another's."""
        return random.Random(f"{self.seed}:{source}")

    # limbo/Beat
    @property
    def product_ids(self) -> list[str]:
        return [str(100 + i) for i in range(max(5, self.size // 3))]

    @property
    def dsp_upload_identification_ids(self) -> list[str]:
        return [str(1870 + i) for i in range(8)]

    @property
    def send_task_ids(self) -> list[str]:
        return [str(5000 + i) for i in range(self.size)]

    # Xandr
    @property
    def inventory_list_ids(self) -> list[int]:
        return [3900 + i for i in range(self.size)]

    def inventory_list_ui_id(self, list_id: int) -> int:
        return 71000 + (list_id - 3900) * 7

    # Vionlabs
    @property
    def catalog_item_ids(self) -> list[str]:
        return [f"asset-{i:04d}" for i in range(1, self.size + 1)]
