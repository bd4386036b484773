"""Vionlabs' enums: task statuses, the documented products, and task priorities."""

from __future__ import annotations

from enum import Enum

import strawberry


@strawberry.enum(description="Where a catalog task is; UNKNOWN for a status not listed here.")
class CatalogTaskStatus(Enum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    UNKNOWN = "unknown"


@strawberry.enum(description="Vionlabs products as documented; UNKNOWN for newer ones.")
class CatalogProduct(Enum):
    ADBREAKS = "adbreaks"
    CONTEXTUAL_ADBREAK = "contextual_adbreak"
    EMOTIONS = "emotions"
    FINGERPRINT = "fingerprint"
    FINGERPRINTPLUS = "fingerprintplus"
    JITPREVIEWS = "jitpreviews"
    JITTHUMBNAILS = "jitthumbnails"
    MARKERS = "markers"
    NUDITY = "nudity"
    PROFANITY = "profanity"
    SEMANTIC = "semantic"
    SIMILAR = "similar"
    CONTENT_SUMMARY = "content_summary"
    SEMANTIC_SCENES = "semantic_scenes"
    VERTICAL_CONVERSION = "vertical_conversion"
    SCENE_TAGS = "scene_tags"
    UNKNOWN = "unknown"


@strawberry.enum(description="How urgently Vionlabs should process a new task.")
class CatalogTaskPriority(Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
