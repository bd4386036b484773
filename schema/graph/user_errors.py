"""What a mutation reports when the upstream refused it: errors as data, with a code."""

from __future__ import annotations

from collections.abc import Mapping

import strawberry

from gateway.errors import UpstreamRejected


@strawberry.type(description="An input the upstream (or the gateway) refused, and why.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path to the input field, e.g. ['input', 'deliveryType']; null for the "
        "input as a whole."
    )
    message: str
    code: str


def user_errors_from(
    exc: UpstreamRejected, field_map: Mapping[str, list[str]], *, default_code: str = "INVALID"
) -> list[UserError]:
    """One `UserError` per problem the upstream named, its field mapped to the input's path.

    A field the map does not name keeps its own path, a dotted one split (`result.decision`
    becomes ["result", "decision"]).
    """
    if not exc.problems:
        return [UserError(field=None, message=exc.message, code=default_code)]
    return [
        UserError(
            field=field_map.get(p.field, p.field.split(".")) if p.field else None,
            message=p.message,
            code=p.code or default_code,
        )
        for p in exc.problems
    ]
