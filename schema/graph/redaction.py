"""What error messages may tell a client: the production profile withholds two kinds of text.

"Did you mean …" hints spell the schema out to someone guessing at it (with introspection off),
and an upstream's own error text may name its internals (hosts, table names, account details).
Withheld text still reaches the log.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from gateway.errors import GatewayError, UpstreamError

logger = logging.getLogger(__name__)

# graphql-core appends its hints as " Did you mean 'a', 'b', or 'c'?" (pyutils/did_you_mean).
SUGGESTION = re.compile(r" Did you mean [^?]*\?")

# The gateway's own words per code; other upstream errors read "<source> refused the request".
OWN_MESSAGES = {
    "UPSTREAM_UNAVAILABLE": "{source} is unavailable",
    "UPSTREAM_TIMEOUT": "{source} did not answer in time",
    "UPSTREAM_BAD_RESPONSE": "{source} answered with a body the gateway cannot read",
    "UPSTREAM_RATE_LIMITED": "{source} is rate limiting the gateway",
    "UPSTREAM_UNAUTHENTICATED": "{source} refused the gateway's credentials",
    "UPSTREAM_ACCOUNT_DISABLED": "{source} refused the gateway's credentials",
    "UPSTREAM_PASSWORD_EXPIRED": "{source} refused the gateway's credentials",
    # The gateway's own misconfiguration, not the caller's: say so, or the caller chases it.
    "UPSTREAM_CREDENTIALS_REJECTED": "{source} does not accept the gateway's own credential for "
    "this API (the caller's is not in question): the gateway's {source} client settings need "
    "fixing",
    "FORBIDDEN": "{source} does not allow this request",
    "NOT_FOUND": "{source} has no such resource",
    "CONFLICT": "{source} refused the request in the resource's current state",
}


@dataclass(frozen=True)
class ErrorPolicy:
    suggestions: bool = True
    upstream_text: bool = True


def without_suggestions(message: str) -> str:
    return SUGGESTION.sub("", message)


def withheld(error: UpstreamError) -> tuple[str, dict[str, Any]]:
    """The gateway's own message for an upstream's error, and its extensions minus any text."""
    source = error.source or "an upstream"
    message = OWN_MESSAGES.get(error.code, "{source} refused the request").format(source=source)
    extensions = error.extensions()
    if "problems" in extensions:
        # The fields and codes an upstream named stay; its sentences about them do not.
        extensions["problems"] = [
            {"field": p["field"], "code": p["code"]} for p in extensions["problems"]
        ]
    if message != error.message:
        logger.info("%s error text withheld from the client: %s", source, error.message)
    return message, extensions


# Development's policy: every message as it is.
TELL_ALL = ErrorPolicy()

# The policy of the operation being executed, for the texts that reach a client as data: a
# mutation's `userErrors` (set by the error extension around each operation).
_current: ContextVar[ErrorPolicy] = ContextVar("error_policy", default=TELL_ALL)


@contextmanager
def applying(policy: ErrorPolicy) -> Iterator[None]:
    token = _current.set(policy)
    try:
        yield
    finally:
        _current.reset(token)


def refusal_words(error: GatewayError) -> str:
    """What a user error may say of an upstream's refusal: its text, or the gateway's own."""
    if _current.get().upstream_text or not isinstance(error, UpstreamError):
        return error.message
    return withheld(error)[0]


def problem_words(source: str | None, message: str) -> str:
    """What a user error may say of one field an upstream refused: its text, or the gateway's."""
    if _current.get().upstream_text:
        return message
    logger.info("%s error text withheld from the client: %s", source, message)
    return f"{source or 'the upstream'} refused this value"
