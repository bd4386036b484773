"""Entities that change rarely, kept across requests: `EntityCache` over the state store.

Each kind of entity (`EntityKind`: a product, a DSP configuration, a relationship id, a work
detail as one user sees it...) has its own TTL, chosen by its source's settings, and says
whether the gateway's own writes to that source retire it (`follows_writes`: its keys carry the
source's write version, `gateway.caching.writes`). Entries an upstream answers per caller are
kept per caller (`caller=`, hashed into the key), so one never reaches another.

Values live in the state store as bytes (memory, or Redis for the fleet); a per-process memo of
decoded values spares decoding the same bytes on every hit. Cached values are shared between
requests: callers must treat them as read-only, as every payload model already is.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar

from pydantic import BaseModel, TypeAdapter

from gateway.caching.writes import WriteVersions
from gateway.state import MemoryStore, StateStore, StateUnavailable

logger = logging.getLogger(__name__)

V = TypeVar("V")
M = TypeVar("M", bound=BaseModel)


class Codec(Protocol[V]):
    def encode(self, value: V) -> bytes: ...

    def decode(self, raw: bytes) -> V: ...


class ModelCodec(Generic[M]):
    """A payload model as the JSON it was read from (by alias, so it validates back the same)."""

    def __init__(self, model: type[M]) -> None:
        self.model = model

    def encode(self, value: M) -> bytes:
        return value.model_dump_json(by_alias=True).encode()

    def decode(self, raw: bytes) -> M:
        return self.model.model_validate_json(raw)


class AdapterCodec(Generic[V]):
    """Any shape pydantic can validate: lists of models, dataclasses."""

    def __init__(self, shape: Any) -> None:
        self.adapter: TypeAdapter[V] = TypeAdapter(shape)

    def encode(self, value: V) -> bytes:
        return self.adapter.dump_json(value, by_alias=True)

    def decode(self, raw: bytes) -> V:
        return self.adapter.validate_json(raw)


class TextCodec:
    def encode(self, value: str) -> bytes:
        return value.encode()

    def decode(self, raw: bytes) -> str:
        return raw.decode()


@dataclass(frozen=True)
class EntityKind(Generic[V]):
    """One kind of cached entity; a TTL of 0 turns its caching off."""

    name: str
    source: str
    codec: Codec[V]
    ttl_s: float
    follows_writes: bool = True


_fresh: ContextVar[bool] = ContextVar("fresh_reads", default=False)


@contextmanager
def fresh_reads() -> Iterator[None]:
    """Reads in the block ask the upstreams (and refresh the cache): for live pollers."""
    token = _fresh.set(True)
    try:
        yield
    finally:
        _fresh.reset(token)


def caller_key(caller: str | None) -> str:
    """A stable, opaque key part for the caller an upstream answered (never the name itself)."""
    if caller is None:
        return "-"
    return hashlib.sha256(caller.encode()).hexdigest()[:24]


class EntityCache:
    """Entities by kind and key, for every source of one process (or fleet)."""

    def __init__(self, store: StateStore, writes: WriteVersions, memo_size: int = 4096) -> None:
        self._store = store.namespace("entities")
        self._writes = writes
        self._memo: OrderedDict[str, tuple[bytes, Any]] = OrderedDict()
        self._memo_size = memo_size

    async def get_many(
        self, kind: EntityKind[V], keys: Sequence[str], *, caller: str | None = None
    ) -> dict[str, V]:
        """The cached entities among `keys` (missing, expired or retired ones are absent)."""
        if kind.ttl_s <= 0 or not keys or _fresh.get():
            return {}
        try:
            prefix = await self._prefix(kind, caller)
            raws = await self._store.get_many([prefix + key for key in keys])
        except StateUnavailable:
            return {}
        return {
            key: self._decoded(kind, prefix + key, raw)
            for key, raw in zip(keys, raws, strict=True)
            if raw is not None
        }

    async def put_many(
        self, kind: EntityKind[V], values: Mapping[str, V], *, caller: str | None = None
    ) -> None:
        if kind.ttl_s <= 0 or not values:
            return
        try:
            prefix = await self._prefix(kind, caller)
            encoded = {prefix + key: kind.codec.encode(value) for key, value in values.items()}
            # At once: with Redis, one round trip's wait for all of them.
            await asyncio.gather(
                *(self._store.set(key, raw, ttl_s=kind.ttl_s) for key, raw in encoded.items())
            )
            for (key, raw), value in zip(encoded.items(), values.values(), strict=True):
                self._remember(key, raw, value)
        except StateUnavailable:
            logger.info("entity cache: the state store is unavailable; %s not kept", kind.name)

    async def through(
        self,
        kind: EntityKind[V],
        keys: Sequence[str],
        fetch: Callable[[Sequence[str]], Awaitable[Mapping[str, V]]],
        *,
        caller: str | None = None,
    ) -> dict[str, V]:
        """Cached entities, the others from `fetch(missing keys)` (then kept)."""
        found = await self.get_many(kind, keys, caller=caller)
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing:
            fetched = await fetch(missing)
            await self.put_many(kind, fetched, caller=caller)
            found.update(fetched)
        return found

    async def _prefix(self, kind: EntityKind[Any], caller: str | None) -> str:
        version = 0
        if kind.follows_writes:
            (version,) = await self._writes.versions([kind.source])
        return f"{kind.name}:w{version}:{caller_key(caller)}:"

    def _decoded(self, kind: EntityKind[V], key: str, raw: bytes) -> V:
        remembered = self._memo.get(key)
        if remembered is not None and (remembered[0] is raw or remembered[0] == raw):
            self._memo.move_to_end(key)
            value: V = remembered[1]
            return value
        decoded = kind.codec.decode(raw)
        self._remember(key, raw, decoded)
        return decoded

    def _remember(self, key: str, raw: bytes, value: Any) -> None:
        self._memo[key] = (raw, value)
        self._memo.move_to_end(key)
        while len(self._memo) > self._memo_size:
            self._memo.popitem(last=False)


def entity_cache(store: StateStore | None) -> EntityCache:
    """A client's cache over the process's store; a private memory store when given none."""
    chosen = store if store is not None else MemoryStore(1000)
    return EntityCache(chosen, WriteVersions(chosen))
