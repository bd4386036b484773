"""A send task's product and DSP ids, without one call per task wherever the upstream allows.

The reference shows both relationships as links only (no `data`) and does not document
`include=`. So the client asks for a compound document (`include=product,dsp-upload-identification`)
until the upstream's first answer with tasks shows whether it honours it (the related resources
come back in `included`; a 400 naming `include` also settles it), and remembers the answer for
`INCLUDE_SUPPORT_TTL_S` (an hour): then the next read asks again, so an upstream that starts or
stops honouring it is noticed without a restart (while it honours it, every answer re-checks it
for free). Without it, ids come from the relationship endpoints, one call per task
and relationship, and are kept across requests in the entity cache (gateway/caching, in the
state store): a send task's product and DSP never change after creation (reference: Update takes
neither), so the gateway's own writes do not retire them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from gateway.caching.entities import EntityCache, EntityKind, TextCodec
from gateway.errors import UpstreamRejected
from gateway.http import UpstreamHTTP
from gateway.sources.limbobeat.payloads import (
    DspUploadIdentificationPayload,
    ProductPayload,
    SendTaskPayload,
)

logger = logging.getLogger(__name__)

INCLUDE = "product,dsp-upload-identification"
# Relationship name -> the related resource's JSON:API type and its payload model.
RELATED: dict[str, tuple[str, type[BaseModel]]] = {
    "product": ("products", ProductPayload),
    "dsp-upload-identification": ("dsp-upload-identifications", DspUploadIdentificationPayload),
}
# (send task id, relationship name)
RelatedKey = tuple[str, str]
RELATED_IDS = "limbobeat.related_id"


class Linkage:
    """Whether `include=` works upstream, and the cache of ids read one task at a time."""

    def __init__(
        self,
        entities: EntityCache,
        ttl_s: float,
        include_ttl_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        # (when, honoured) once an answer showed it; it holds for `include_ttl_s`.
        self._verdict: tuple[float, bool] | None = None
        self._include_ttl_s = include_ttl_s
        self._clock = clock
        self._entities = entities
        self._kind = EntityKind(RELATED_IDS, "limbobeat", TextCodec(), ttl_s, follows_writes=False)

    @property
    def include_honoured(self) -> bool | None:
        """None until an answer shows it, and again once that answer is older than its TTL."""
        if self._verdict is None or self._clock() - self._verdict[0] >= self._include_ttl_s:
            return None
        return self._verdict[1]

    def include_params(self) -> list[tuple[str, str]]:
        return [] if self.include_honoured is False else [("include", INCLUDE)]

    def learn(
        self, tasks: Sequence[SendTaskPayload], included: list[Any] | None, asked: bool
    ) -> None:
        """Settle `include` from an answer with tasks to a read that asked for it."""
        if asked and tasks:
            self._settle(bool(included), "honours" if included else "ignores")

    def refused(self, exc: UpstreamRejected) -> bool:
        """Whether the upstream refused `include` itself (then it is not sent again for a TTL)."""
        if not any(problem.field == "include" for problem in exc.problems):
            return False
        self._settle(False, "refuses")
        return True

    def _settle(self, honoured: bool, how: str) -> None:
        changed = self.include_honoured is not honoured
        self._verdict = (self._clock(), honoured)
        if changed:
            source = "compound documents" if honoured else "the relationship endpoints"
            logger.info("limbobeat %s include=; related ids come from %s", how, source)

    async def cached(self, keys: Sequence[RelatedKey]) -> dict[RelatedKey, str]:
        found = await self._entities.get_many(self._kind, [_key(k) for k in keys])
        return {k: found[_key(k)] for k in keys if _key(k) in found}

    async def remember(self, found: Mapping[RelatedKey, str]) -> None:
        await self._entities.put_many(self._kind, {_key(k): v for k, v in found.items()})


def _key(key: RelatedKey) -> str:
    task_id, name = key
    return f"{task_id}:{name}"


def attach_included(
    http: UpstreamHTTP, tasks: Sequence[SendTaskPayload], included: list[Any] | None
) -> None:
    """Hand each task the related resources a compound document carried for it."""
    if not included:
        return
    by_identity = {
        (item.get("type"), str(item.get("id"))): item for item in included if isinstance(item, dict)
    }
    for task in tasks:
        for name, (kind, model) in RELATED.items():
            raw = by_identity.get((kind, task.related_id(name) or ""))
            if raw is not None:
                task.attach(name, http.parse(model, raw))
