"""Reading upstream enum values into the graph's enums without failing on new ones."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

E = TypeVar("E", bound=Enum)
D = TypeVar("D")


def enum_from_wire(enum_type: type[E], raw: str | None, default: D) -> E | D:
    """The member whose value is `raw`, else `default`: upstream enums grow without notice."""
    if raw is None:
        return default
    try:
        return enum_type(raw)
    except ValueError:
        return default
