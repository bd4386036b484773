"""Vionlabs' enums: task statuses, the documented products, and task priorities."""

from __future__ import annotations

from enum import Enum

from schema.graph.described import graph_enum


@graph_enum(
    "Where a catalog task is. Vionlabs publishes no full list, so a status not listed here "
    "reads as UNKNOWN (its word is in `statusRaw`).",
    PENDING="Requested; processing has not started.",
    PROCESSING="Vionlabs is processing the item.",
    DONE="Processed; results are available from Vionlabs' results APIs.",
    FAILED="Processing failed; `error` says why.",
    DEACTIVATED="Cancelled with `deactivateCatalogTask`.",
    UNKNOWN="A status this gateway does not know yet; see `statusRaw`.",
)
class CatalogTaskStatus(Enum):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    DEACTIVATED = "deactivated"
    UNKNOWN = "unknown"


@graph_enum(
    "A Vionlabs product (an analysis a task runs), as Vionlabs documents them; UNKNOWN for a "
    "newer one (its name is in `productRaw`).",
    ADBREAKS="Ad break detection (`adbreaks`).",
    CONTEXTUAL_ADBREAK="Contextual ad breaks (`contextual_adbreak`).",
    EMOTIONS="Emotion and mood analysis (`emotions`).",
    FINGERPRINT="Video fingerprint (`fingerprint`).",
    FINGERPRINTPLUS="Extended video fingerprint (`fingerprintplus`).",
    JITPREVIEWS="Just-in-time previews (`jitpreviews`).",
    JITTHUMBNAILS="Just-in-time thumbnails (`jitthumbnails`).",
    MARKERS="Markers such as intro and credits (`markers`).",
    NUDITY="Nudity detection (`nudity`).",
    PROFANITY="Profanity detection (`profanity`).",
    SEMANTIC="Semantic analysis (`semantic`).",
    SIMILAR="Similar-content recommendations (`similar`).",
    CONTENT_SUMMARY="Content summary (`content_summary`).",
    SEMANTIC_SCENES="Semantic scene analysis (`semantic_scenes`).",
    VERTICAL_CONVERSION="Vertical (9:16) conversion (`vertical_conversion`).",
    SCENE_TAGS="Scene tags (`scene_tags`).",
    UNKNOWN="A product this gateway does not know yet; never accepted as input.",
)
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


@graph_enum(
    "How urgently Vionlabs should process a new task.",
    HIGH="Before MEDIUM and LOW tasks.",
    MEDIUM="Before LOW tasks.",
    LOW="When nothing more urgent waits (the default).",
)
class CatalogTaskPriority(Enum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
