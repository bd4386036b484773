"""Which media type a response has, and its status code, per the GraphQL-over-HTTP draft.

`application/graphql-response+json` when the client lists it: request errors (parse,
validation, variable coercion, a refused document) are 400 and have no `data`. Clients that ask
only for `application/json` (or send no `Accept`, or `*/*`) get it as before: 200 for every
well-formed request, whatever its errors.
"""

from __future__ import annotations

from collections.abc import Mapping

from graphql import GraphQLError
from strawberry.types import ExecutionResult

GRAPHQL_RESPONSE = "application/graphql-response+json"
JSON = "application/json"
# Preferred first when the client accepts both equally.
CANDIDATES = (GRAPHQL_RESPONSE, JSON)


def choose(accept: str | None) -> str | None:
    """The media type to answer with; None when the client accepts neither (406)."""
    if not accept or not accept.strip():
        return JSON
    explicit: dict[str, float] = {}
    wildcard = 0.0
    for media_range in accept.split(","):
        kind, q = _range(media_range)
        if kind in CANDIDATES:
            explicit[kind] = max(explicit.get(kind, 0.0), q)
        elif kind in ("*/*", "application/*"):
            wildcard = max(wildcard, q)
    wanted = [(q, kind == GRAPHQL_RESPONSE, kind) for kind, q in explicit.items() if q > 0]
    if wanted:
        return max(wanted)[2]
    # A wildcard alone is an older client: it gets the long-standing `application/json`.
    return JSON if wildcard > 0 else None


def _range(media_range: str) -> tuple[str, float]:
    kind, *params = (part.strip() for part in media_range.split(";"))
    q = 1.0
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                q = float(value)
            except ValueError:
                q = 0.0
    return kind.lower(), q


def is_request_error(result: ExecutionResult) -> bool:
    """Whether the operation never started executing: no data, and no error has a path."""
    errors: list[GraphQLError] = result.errors or []
    return result.data is None and bool(errors) and all(e.path is None for e in errors)


# A refused operation's status under application/graphql-response+json, by its code, where it
# is not 400 (the same statuses as Apollo Router's persisted queries).
STATUS_BY_CODE: Mapping[str, int] = {
    "PERSISTED_QUERY_NOT_FOUND": 404,
    "PERSISTED_QUERY_NOT_IN_LIST": 404,
    "QUERY_NOT_IN_SAFELIST": 403,
}


def status(media_type: str, result: ExecutionResult) -> int:
    if media_type != GRAPHQL_RESPONSE or not is_request_error(result):
        return 200
    code = ((result.errors or [])[0].extensions or {}).get("code")
    return STATUS_BY_CODE.get(code, 400) if isinstance(code, str) else 400
