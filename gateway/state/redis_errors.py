"""Which Redis failures mean "Redis is away" (served from memory meanwhile) rather than a bug."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import redis.exceptions

from gateway.state.store import StateUnavailable

# Errors that mean "Redis is not serving now", as opposed to a bug in a command.
UNAVAILABLE_REPLIES = ("OOM", "READONLY", "LOADING", "MASTERDOWN", "CLUSTERDOWN")


@contextlib.contextmanager
def reaching_redis() -> Iterator[None]:
    """Turns Redis being away into `StateUnavailable`; never puts a value in the message."""
    try:
        yield
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as exc:
        raise StateUnavailable(f"redis unreachable ({type(exc).__name__})") from exc
    except redis.exceptions.ResponseError as exc:
        if str(exc).startswith(UNAVAILABLE_REPLIES):
            raise StateUnavailable(f"redis refused ({str(exc).split(' ', 1)[0]})") from exc
        raise
