"""The Vionlabs sandbox's state: each catalog item's tasks, and how a task moves on the clock.

Part of the simulator (reference: shared/upstreams/vionlabs-tasks.md).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

# ASSUMPTION (reference: TaskStatus object): pending -> processing -> done | failed.
PENDING_S = 60
PROCESSING_S = 240
# Not a status of the reference; what this sandbox calls a task after DELETE.
DEACTIVATED = "deactivated"
FAILURES = (
    "Storage object not found: s3://catalog/{item}/master.mp4",
    "Probe failed: could not decode the video stream",
    "Unsupported video length",
)


class ProductType(StrEnum):
    adbreaks = "adbreaks"
    contextual_adbreak = "contextual_adbreak"
    emotions = "emotions"
    fingerprint = "fingerprint"
    fingerprintplus = "fingerprintplus"
    jitpreviews = "jitpreviews"
    jitthumbnails = "jitthumbnails"
    markers = "markers"
    nudity = "nudity"
    profanity = "profanity"
    semantic = "semantic"
    similar = "similar"
    content_summary = "content_summary"
    semantic_scenes = "semantic_scenes"
    vertical_conversion = "vertical_conversion"
    scene_tags = "scene_tags"


@dataclass
class Task:
    product: str
    version: str
    created_at: datetime
    # The outcome once processing ends: None for done, else the failure text.
    failure: str | None
    # A status that never moves (seeded oddities such as "queued").
    fixed_status: str | None = None
    active: bool = True

    def status(self, now: datetime) -> str:
        if not self.active:
            return DEACTIVATED
        if self.fixed_status is not None:
            return self.fixed_status
        age = (now - self.created_at).total_seconds()
        if age < PENDING_S:
            return "pending"
        if age < PENDING_S + PROCESSING_S:
            return "processing"
        return "failed" if self.failure is not None else "done"

    def final(self, now: datetime) -> bool:
        return self.status(now) in ("done", "failed", DEACTIVATED)


def failure_for(item: str, product: str, version: str) -> str | None:
    """A stable outcome per task, so a test can predict done or failed."""
    digest = zlib.crc32(f"{item}|{product}|{version}".encode())
    return FAILURES[digest % len(FAILURES)].format(item=item) if digest % 4 == 0 else None


# Each catalog item's tasks, by (product, version).
Catalog = dict[str, dict[tuple[str, str], Task]]
