"""What a mutation reports when the upstream refused it: errors as data, with a code.

Every mutation takes one argument, `input`, and answers with a payload holding the object and
`userErrors`; a refusal's `field` is a path from `input`.
"""

from __future__ import annotations

from collections.abc import Mapping

import strawberry

from gateway.errors import UpstreamRejected
from schema.graph.redaction import problem_words, refusal_words

INPUT = "What to do, in one object; refusals name its fields in `userErrors`."


@strawberry.type(description="An input the upstream (or the gateway) refused, and why.")
class UserError:
    field: list[str] | None = strawberry.field(
        description="Path to the input field, e.g. ['input', 'deliveryType'] (list positions "
        "as numbers in strings); null for the input as a whole."
    )
    message: str = strawberry.field(description="What was refused, for a person to read.")
    code: str = strawberry.field(
        description="A stable code to branch on, e.g. NOT_FOUND, INVALID, REQUIRED, CONFLICT, "
        "or the upstream's own (see docs/errors.md)."
    )


def input_error(message: str, code: str, *path: str) -> UserError:
    """A refusal of `input.<path>`, or of the input as a whole when no path is given."""
    return UserError(field=["input", *path] if path else None, message=message, code=code)


def nothing_to_update(fields: str) -> UserError:
    """An update that changes nothing is refused, not sent: an empty write still costs the
    upstream a write (Xandr's write rate limit) and may touch the object's update time."""
    return input_error(f"Nothing to change: give at least one of {fields}", "NOTHING_TO_UPDATE")


def unknown_value(field: str, what: str) -> UserError:
    """UNKNOWN stands for an upstream value the gateway cannot read: as input it names nothing."""
    return input_error(f"UNKNOWN is not a {what}", "INVALID", field)


def user_errors_from(
    exc: UpstreamRejected, field_map: Mapping[str, list[str]], *, default_code: str = "INVALID"
) -> list[UserError]:
    """One `UserError` per problem the upstream named, its field mapped to the input's path.

    A field the map does not name keeps its own path under `input`, a dotted one split
    (`result.decision` becomes ["input", "result", "decision"]).
    """
    if not exc.problems:
        return [UserError(field=None, message=refusal_words(exc), code=default_code)]
    return [
        UserError(
            field=field_map.get(p.field, ["input", *p.field.split(".")]) if p.field else None,
            message=problem_words(exc.source, p.message),
            code=p.code or default_code,
        )
        for p in exc.problems
    ]
