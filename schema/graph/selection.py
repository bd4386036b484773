"""What a query asks of a field's value: to answer from what is at hand when that is enough."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import SelectedField

from gateway.context import Info


def asks_only(info: Info, names: Iterable[str]) -> bool:
    """Whether the current field's selection is plain fields among `names` (no fragments,
    no directives); when in doubt, False.
    """
    allowed = frozenset(names)
    for field in info.selected_fields:
        for selection in field.selections:
            if not isinstance(selection, SelectedField) or selection.directives:
                return False
            if selection.name not in allowed:
                return False
    return True
