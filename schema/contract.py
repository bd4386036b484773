"""The schema as a contract: what changed between a released SDL and the code's schema.

graphql-core sorts every change into breaking (a query that worked may now fail), dangerous
(a query still validates but may behave differently, e.g. a new enum value a client's switch
does not know) and safe. `gateway schema --check-breaking` prints them and fails on breaking.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from graphql import GraphQLError, GraphQLSchema, build_schema
from graphql.utilities import BreakingChange, DangerousChange, SafeChange, find_schema_changes


class UnreadableSchema(Exception):
    """The released SDL could not be read as a GraphQL schema."""


@dataclass
class ContractReport:
    """Changes from the released schema to the code's, by kind."""

    breaking: list[BreakingChange] = field(default_factory=list)
    dangerous: list[DangerousChange] = field(default_factory=list)
    safe: list[SafeChange] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per breaking or dangerous change, then a summary line."""
        shown = [f"BREAKING {c.type.name}: {c.description}" for c in self.breaking]
        shown += [f"DANGEROUS {c.type.name}: {c.description}" for c in self.dangerous]
        summary = (
            f"{len(self.breaking)} breaking, {len(self.dangerous)} dangerous, "
            f"{len(self.safe)} safe change(s)"
        )
        return [*shown, summary]


def read_sdl(sdl: str) -> GraphQLSchema:
    try:
        return build_schema(sdl)
    except (GraphQLError, TypeError) as exc:
        first_line = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UnreadableSchema(first_line) from None


def compare(released_sdl: str, current_sdl: str) -> ContractReport:
    """Every change from `released_sdl` to `current_sdl`, as graphql-core classifies it."""
    report = ContractReport()
    for change in find_schema_changes(read_sdl(released_sdl), read_sdl(current_sdl)):
        if isinstance(change, BreakingChange):
            report.breaking.append(change)
        elif isinstance(change, DangerousChange):
            report.dangerous.append(change)
        else:
            report.safe.append(change)
    return report


RELEASE_HINT = (
    "a released client may break. If the change is deliberate, release it: see "
    "docs/schema.md#releasing-a-breaking-change (make schema-baseline)."
)


def check_against(released: Path, current_sdl: str) -> int:
    """Prints the changes from the `released` SDL file; the exit code: 1 on a breaking one."""
    try:
        report = compare(released.read_text(), current_sdl)
    except (OSError, UnreadableSchema) as exc:
        print(f"error: cannot read {released} as a schema: {exc}", file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    if report.breaking:
        print(f"error: breaking changes against {released}: {RELEASE_HINT}", file=sys.stderr)
        return 1
    return 0
