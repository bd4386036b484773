"""One Redis pub/sub connection per process, fanned out to every local `Subscription`.

A subscription per Redis connection would take a connection from the pool for as long as it
lives, so a few hundred live listeners could starve every other call; here each channel is
subscribed once and each message is handed to its local subscribers.
"""

from __future__ import annotations

import asyncio
import contextlib

import redis.asyncio as aioredis
from redis.asyncio.client import PubSub

from gateway.state.redis_errors import reaching_redis
from gateway.state.store import StateUnavailable, Subscription


class PubSubHub:
    """The process's one pub/sub connection; a lost connection ends every local subscription."""

    def __init__(self, client: aioredis.Redis) -> None:
        self._client = client
        self._pubsub: PubSub | None = None
        self._reader: asyncio.Task[None] | None = None
        self._channels: dict[str, set[Subscription]] = {}
        self._lock = asyncio.Lock()

    async def subscribe(self, channel: str) -> Subscription:
        async with self._lock:
            if self._pubsub is None:
                self._pubsub = self._client.pubsub()
            if channel not in self._channels:
                try:
                    with reaching_redis():
                        await self._pubsub.subscribe(channel)
                except StateUnavailable:
                    await self._reset()
                    raise
                self._channels[channel] = set()
            if self._reader is None or self._reader.done():
                self._reader = asyncio.create_task(self._read(self._pubsub))
            subscription = Subscription()
            self._channels[channel].add(subscription)

        async def leave() -> None:
            await self._leave(channel, subscription)

        subscription.on_close(leave)
        return subscription

    async def _leave(self, channel: str, subscription: Subscription) -> None:
        async with self._lock:
            members = self._channels.get(channel)
            if members is None:
                return
            members.discard(subscription)
            if not members and self._pubsub is not None:
                del self._channels[channel]
                with contextlib.suppress(Exception):
                    await self._pubsub.unsubscribe(channel)

    async def _read(self, pubsub: PubSub) -> None:
        try:
            with reaching_redis():
                while True:
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                    if message is None or message["type"] != "message":
                        continue
                    for subscription in list(self._channels.get(message["channel"].decode(), ())):
                        subscription.deliver(message["data"])
        except StateUnavailable as exc:
            async with self._lock:
                channels = self._channels
                await self._reset()
            for members in channels.values():
                for subscription in members:
                    subscription.deliver(exc)

    async def _reset(self) -> None:
        """Forgets the connection and every channel; the next subscribe starts afresh."""
        pubsub, self._pubsub, self._channels = self._pubsub, None, {}
        if pubsub is not None:
            with contextlib.suppress(Exception):
                await pubsub.aclose()  # type: ignore[no-untyped-call]

    async def aclose(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        async with self._lock:
            await self._reset()
