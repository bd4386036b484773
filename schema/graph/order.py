"""The one ordering direction every `orderBy` input shares."""

from __future__ import annotations

from enum import Enum

from schema.graph.described import graph_enum


@graph_enum(
    "Which way an `orderBy` field sorts.",
    ASC="Smallest, earliest or A first.",
    DESC="Largest, latest or Z first.",
)
class OrderDirection(Enum):
    ASC = "asc"
    DESC = "desc"
