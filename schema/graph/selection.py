"""What a query asks of a field's value: to answer from what is at hand when that is enough."""

from __future__ import annotations

from collections.abc import Iterable

from strawberry.types.nodes import SelectedField, Selection

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


def asked_fields(info: Info) -> set[str]:
    """Every field name the query asks anywhere below the current field, fragments included."""
    names: set[str] = set()
    pending: list[Selection] = [s for field in info.selected_fields for s in field.selections]
    while pending:
        selection = pending.pop()
        if isinstance(selection, SelectedField):
            names.add(selection.name)
        pending.extend(selection.selections)
    return names
