"""`LiveHub`: the process's shared pollers, who listens to each, and the gateway's own writes.

One poller per `Target.key`, however many subscriptions share it; it starts with its first
subscriber and stops when its last one leaves. Writes through the gateway are published on the
state store's `live:writes` channel: with Redis, every worker's pollers hear about a write made on
any worker and poll what it touched at once.

Pollers run per process, not once per fleet: a subscription's connection lives in one process
and its events are made there; sharing pollers across processes would need a lease per scope and
every event relayed through Redis (docs/live.md weighs it).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable, Hashable, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from gateway.errors import TooManySubscriptions
from gateway.live.poller import Poller, Target, Timing
from gateway.live.settings import LiveSettings
from gateway.live.subscriber import Lagged, LiveEvent, Subscriber
from gateway.metrics import observe_live
from gateway.state import StateStore, Subscription

logger = logging.getLogger(__name__)

WRITES = "writes"


@dataclass
class Feed:
    """One subscription's view: its queue and the pollers it listens to."""

    subscriber: Subscriber
    pollers: list[Poller]

    async def resync(self) -> list[Poller]:
        """The pollers once each has read (or failed) once; queued events are dropped, since
        the snapshot the caller builds from them now includes what they said."""
        await asyncio.gather(*(poller.ready.wait() for poller in self.pollers))
        self.subscriber.resync()
        return self.pollers

    async def next(self) -> LiveEvent | Lagged:
        return await self.subscriber.next()


class LiveHub:
    """Created by the app's lifespan; subscription resolvers reach it through the context."""

    def __init__(
        self,
        settings: LiveSettings,
        store: StateStore | None,
        interval_for: Callable[[str], float],
    ) -> None:
        self.settings = settings
        self._store = store.namespace("live") if store is not None else None
        self._interval_for = interval_for
        self._pollers: dict[Hashable, Poller] = {}
        self._per_caller: Counter[str] = Counter()
        self._listener: asyncio.Task[None] | None = None

    async def start(self) -> None:
        if self._store is not None:
            writes = await self._store.subscribe(WRITES)
            self._listener = asyncio.create_task(self._listen(writes), name="live writes")

    async def aclose(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        for poller in list(self._pollers.values()):
            await poller.stop()
        self._pollers.clear()

    def status(self) -> dict[str, int]:
        return {
            "pollers": len(self._pollers),
            "subscriptions": sum(self._per_caller.values()),
        }

    @asynccontextmanager
    async def feed(self, caller: str, targets: Sequence[Target]) -> AsyncIterator[Feed]:
        """Join the pollers of `targets` for the block; raises `TooManySubscriptions` first."""
        limit = self.settings.max_subscriptions_per_caller
        if self._per_caller[caller] >= limit:
            raise TooManySubscriptions(
                f"this caller already holds {limit} subscriptions in this gateway process",
                limit=limit,
            )
        subscriber = Subscriber(caller, self.settings.queue_size)
        self._per_caller[caller] += 1
        pollers = [self._join(target, subscriber) for target in targets]
        observe_live(**self.status())
        try:
            yield Feed(subscriber, pollers)
        finally:
            self._per_caller[caller] -= 1
            if self._per_caller[caller] <= 0:
                del self._per_caller[caller]
            for poller in pollers:
                await self._leave(poller, subscriber)
            observe_live(**self.status())

    def _join(self, target: Target, subscriber: Subscriber) -> Poller:
        poller = self._pollers.get(target.key)
        if poller is None:
            timing = Timing(
                interval_s=self._interval_for(target.source),
                max_backoff_s=self.settings.max_backoff_s,
                poll_timeout_s=self.settings.poll_timeout_s,
            )
            poller = self._pollers[target.key] = Poller(target, timing)
            poller.start()
        poller.subscribers.add(subscriber)
        return poller

    async def _leave(self, poller: Poller, subscriber: Subscriber) -> None:
        poller.subscribers.discard(subscriber)
        if not poller.subscribers and self._pollers.get(poller.target.key) is poller:
            del self._pollers[poller.target.key]
            await poller.stop()

    async def wrote(self, source: str, keys: Iterable[str]) -> None:
        """A write through the gateway touched `keys` of `source`: poll what may show it."""
        touched = sorted(set(keys))
        if self._store is None:
            self._poke(source, frozenset(touched))
            return
        message = json.dumps({"source": source, "keys": touched}).encode()
        try:
            await self._store.publish(WRITES, message)
        except Exception:
            # The write itself succeeded; its pollers will see it at their next interval.
            logger.warning("live: could not publish a write notice", exc_info=True)

    def _poke(self, source: str, keys: frozenset[str]) -> None:
        for poller in self._pollers.values():
            if poller.target.source == source and poller.target.touched_by(keys):
                poller.poke()

    async def _listen(self, writes: Subscription) -> None:
        async with writes:
            while True:
                try:
                    async for raw in writes:
                        notice = json.loads(raw)
                        self._poke(str(notice["source"]), frozenset(map(str, notice["keys"])))
                except (ValueError, KeyError, TypeError):
                    logger.warning("live: ignored a malformed write notice")
                    continue
                except Exception:
                    # The store ended the feed (Redis went away): pollers still poll on time.
                    logger.warning("live: write notices interrupted", exc_info=True)
                    return
                return
