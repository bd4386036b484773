"""Whole answers of read operations, kept by operation, variables and caller (`ResponseCache`).

Off unless `GATEWAY_CACHE__RESPONSES` is set; then only operations whose fields declare cache
hints are kept (schema/graph/cache_hints.py), for their hints' smallest `maxAge`. A key names
the document, the operation, the variables, the caller's scopes (a caller never gets an answer
its scopes would have refused) and, for a `PRIVATE` policy, the caller and the user it acts
for; and every upstream's write version, so a write through the gateway retires every kept
answer at once. With Redis the answers are kept there for the fleet; otherwise in a memory store
of their own, bounded by `RESPONSES_MAX_ENTRIES` (answers are large: they must not crowd out
tokens and entities).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from gateway.caching.settings import CacheSettings
from gateway.caching.writes import WriteVersions
from gateway.state import MemoryStore, StateStore, StateUnavailable

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Kept:
    data: Any
    age_s: float


@dataclass(frozen=True)
class Asker:
    """What, of the caller, a kept answer depends on."""

    scopes: frozenset[str]
    # The caller and the user it acts for; used only for PRIVATE policies.
    caller: str
    user: str | None


class ResponseCache:
    """Made with the app; `open()` in its lifespan gives it a store."""

    def __init__(self, settings: CacheSettings, sources: Sequence[str]) -> None:
        self.enabled = settings.responses
        self.max_entries = settings.responses_max_entries
        self.sources = list(sources)
        self._store: StateStore | None = None
        self._writes: WriteVersions | None = None

    def open(self, process_store: StateStore) -> None:
        fleet = process_store.status.backend == "redis"
        own = process_store.namespace("responses") if fleet else MemoryStore(self.max_entries)
        self._store = own
        self._writes = WriteVersions(process_store)

    async def key(
        self,
        query: str,
        operation_name: str | None,
        variables: dict[str, Any] | None,
        asker: Asker,
        private: bool,
    ) -> str | None:
        """The answer's key; None when the store cannot say what the write versions are."""
        if self._writes is None:
            return None
        try:
            versions = await self._writes.versions(self.sources)
        except StateUnavailable:
            return None
        who = [sorted(asker.scopes), asker.caller if private else None]
        if private:
            who.append(asker.user)
        parts = orjson.dumps(
            [query, operation_name, variables or {}, who, versions], option=orjson.OPT_SORT_KEYS
        )
        return hashlib.sha256(parts).hexdigest()

    async def get(self, key: str) -> Kept | None:
        if self._store is None:
            return None
        try:
            raw = await self._store.get(key)
        except StateUnavailable:
            return None
        if raw is None:
            return None
        kept = orjson.loads(raw)
        return Kept(data=kept["data"], age_s=max(0.0, time.time() - kept["at"]))

    async def put(self, key: str, data: Any, max_age_s: float) -> None:
        if self._store is None:
            return
        raw = orjson.dumps({"data": data, "at": time.time()})
        try:
            await self._store.set(key, raw, ttl_s=max_age_s)
        except StateUnavailable:
            logger.info("response cache: the state store is unavailable; answer not kept")
