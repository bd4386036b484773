"""One version per upstream that every write through the gateway moves on.

Cached answers that a write could change (entities that follow writes, whole responses) carry
the versions of their upstreams in their keys: after a write, the next read misses and asks the
upstream again, in every process sharing the store (versions are durable tags, docs/state.md).
The HTTP layer calls `bumper(source)` after each write it sends, whatever its outcome (a write
that timed out may still have been applied).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence

from gateway.http import UpstreamHTTP
from gateway.state import StateStore, StateUnavailable

logger = logging.getLogger(__name__)


class WriteVersions:
    """`writes:<source>` tags in the state store."""

    def __init__(self, store: StateStore) -> None:
        self._store = store.namespace("writes")

    async def versions(self, sources: Sequence[str]) -> list[int]:
        return await self._store.versions(list(sources))

    async def bump(self, source: str) -> None:
        try:
            await self._store.bump(source)
        except StateUnavailable:
            # The degrading store replays bumps on Redis when it is back; a bare store is down.
            logger.warning("%s: a write could not retire cached answers", source)

    def bumper(self, source: str) -> Callable[[], Awaitable[None]]:
        async def bump() -> None:
            await self.bump(source)

        return bump


def follow_writes(http: UpstreamHTTP, source: str, store: StateStore) -> None:
    """Have every write `http` sends to `source` retire what the caches hold of it."""
    http.after_write = WriteVersions(store).bumper(source)
