"""The fleet-wide store on Redis: one round trip per call, counters as atomic Lua scripts."""

from __future__ import annotations

import contextlib
import math
import uuid
from collections.abc import Sequence

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

from gateway.state.memory import check_bucket, check_window
from gateway.state.namespace import Namespaced
from gateway.state.redis_errors import reaching_redis
from gateway.state.redis_pubsub import PubSubHub
from gateway.state.store import Admission, StateStore, StateUnavailable, StoreStatus, Subscription

# Redis' own clock (TIME) keeps every process's windows and buckets on one time line.
WINDOW_LUA = """
local limit, window, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local used = redis.call('ZCARD', KEYS[1])
if used + cost > limit then
  local i = used + cost - limit - 1
  local blocking = redis.call('ZRANGE', KEYS[1], i, i, 'WITHSCORES')
  return {0, tostring(limit - used), tostring((tonumber(blocking[2]) + window - now) / 1000)}
end
for n = 1, cost do
  redis.call('ZADD', KEYS[1], now, ARGV[4] .. ':' .. n)
end
redis.call('PEXPIRE', KEYS[1], math.ceil(window))
return {1, tostring(limit - used - cost), '0'}
"""

BUCKET_LUA = """
local capacity, rate, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - at) * rate)
local allowed, retry = 0, 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry = (cost - tokens) / rate
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil((capacity - tokens) / rate * 1000) + 1000)
return {allowed, tostring(tokens), tostring(retry)}
"""

DELETE_IF_LUA = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


class RedisStore:
    """One `redis.asyncio` client (hiredis parser when installed); keys under `key_prefix`."""

    def __init__(self, client: aioredis.Redis, key_prefix: str = "gateway:") -> None:
        self._redis = client
        self._prefix = key_prefix
        self._window = client.register_script(WINDOW_LUA)
        self._bucket = client.register_script(BUCKET_LUA)
        self._delete_if = client.register_script(DELETE_IF_LUA)
        self._hub = PubSubHub(client)

    @classmethod
    def from_url(
        cls, url: str, *, timeout_s: float, key_prefix: str, max_connections: int = 50
    ) -> RedisStore:
        # No client-side retries: an unreachable Redis must cost one short timeout, after which
        # the degrading wrapper serves from memory instead of making requests wait. A burst of
        # calls waits for a pooled connection (bounded) rather than failing as if Redis were away.
        pool = aioredis.BlockingConnectionPool.from_url(
            url,
            max_connections=max_connections,
            timeout=max(1.0, 4 * timeout_s),
            socket_timeout=timeout_s,
            socket_connect_timeout=timeout_s,
            retry=Retry(NoBackoff(), 0),
            health_check_interval=10,
            decode_responses=False,
        )
        return cls(aioredis.Redis(connection_pool=pool), key_prefix)

    @property
    def status(self) -> StoreStatus:
        return StoreStatus(backend="redis")

    def namespace(self, name: str) -> StateStore:
        return Namespaced(self, f"{name}:")

    # One letter per kind of key, so a value, a tag and a counter may share a name.
    def _key(self, kind: str, key: str) -> str:
        return f"{self._prefix}{kind}:{key}"

    async def get(self, key: str) -> bytes | None:
        with reaching_redis():
            value = await self._redis.get(self._key("v", key))
        return _as_bytes(value)

    async def get_many(self, keys: Sequence[str]) -> list[bytes | None]:
        if not keys:
            return []
        with reaching_redis():
            values = await self._redis.mget([self._key("v", key) for key in keys])
        return [_as_bytes(value) for value in values]

    async def set(
        self, key: str, value: bytes, *, ttl_s: float | None = None, if_absent: bool = False
    ) -> bool:
        px = None if ttl_s is None else max(1, math.ceil(ttl_s * 1000))
        with reaching_redis():
            written = await self._redis.set(self._key("v", key), value, px=px, nx=if_absent)
        return bool(written)

    async def delete(self, key: str, *, if_value: bytes | None = None) -> bool:
        with reaching_redis():
            if if_value is None:
                removed = await self._redis.delete(self._key("v", key))
            else:
                removed = await self._delete_if(keys=[self._key("v", key)], args=[if_value])
        return bool(removed)

    async def versions(self, tags: Sequence[str]) -> list[int]:
        if not tags:
            return []
        with reaching_redis():
            raw = await self._redis.mget([self._key("t", tag) for tag in tags])
        return [int(value) if value is not None else 0 for value in raw]

    async def bump(self, tag: str) -> int:
        with reaching_redis():
            version: int = await self._redis.incr(self._key("t", tag))
        return version

    async def hit_window(
        self, key: str, *, limit: int, window_s: float, cost: int = 1
    ) -> Admission:
        check_window(limit, window_s, cost)
        args: list[int | float | str] = [limit, window_s * 1000, cost, uuid.uuid4().hex]
        with reaching_redis():
            allowed, remaining, retry = await self._window(keys=[self._key("w", key)], args=args)
        return Admission(bool(allowed), float(remaining), max(0.0, float(retry)))

    async def take_tokens(
        self, key: str, *, capacity: float, refill_per_s: float, cost: float = 1.0
    ) -> Admission:
        check_bucket(capacity, refill_per_s, cost)
        with reaching_redis():
            allowed, tokens, retry = await self._bucket(
                keys=[self._key("b", key)], args=[capacity, refill_per_s, cost]
            )
        return Admission(bool(allowed), float(tokens), float(retry))

    async def publish(self, channel: str, message: bytes) -> None:
        with reaching_redis():
            await self._redis.publish(self._key("c", channel), message)

    async def subscribe(self, channel: str) -> Subscription:
        return await self._hub.subscribe(self._key("c", channel))

    async def ping(self) -> bool:
        try:
            with reaching_redis():
                await self._redis.ping()
        except StateUnavailable:
            return False
        return True

    async def aclose(self) -> None:
        await self._hub.aclose()
        with contextlib.suppress(Exception):
            await self._redis.aclose(close_connection_pool=True)


def _as_bytes(value: bytes | str | None) -> bytes | None:
    # The client is opened with decode_responses=False, so str never arrives; mypy cannot know.
    return value.encode() if isinstance(value, str) else value
