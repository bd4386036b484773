"""A send task's product and DSP ids, without one call per task wherever the upstream allows.

The reference shows both relationships as links only (no `data`) and does not document
`include=`. So the client asks for a compound document (`include=product,dsp-upload-identification`)
until the upstream's first answer with tasks shows whether it honours it (the related resources
come back in `included`; a 400 naming `include` also settles it), and remembers the answer for
the life of the process. Without it, ids come from the relationship endpoints, one call per task
and relationship, and are kept across requests in the entity cache (gateway/caching, in the
state store): a send task's product and DSP never change after creation (reference: Update takes
neither), so the gateway's own writes do not retire them.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
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

    def __init__(self, entities: EntityCache, ttl_s: float) -> None:
        # None until an answer shows it; then True (compound documents) or False (never again).
        self.include_honoured: bool | None = None
        self._entities = entities
        self._kind = EntityKind(RELATED_IDS, "limbobeat", TextCodec(), ttl_s, follows_writes=False)

    def include_params(self) -> list[tuple[str, str]]:
        return [] if self.include_honoured is False else [("include", INCLUDE)]

    def learn(self, tasks: Sequence[SendTaskPayload], included: list[Any] | None) -> None:
        """Settle `include` from the first answer with tasks that asked for it."""
        if self.include_honoured is not None or not tasks:
            return
        self.include_honoured = bool(included)
        how = "honours" if self.include_honoured else "ignores"
        logger.info("limbobeat %s include=; related ids come from %s", how, self._source_of_ids)

    @property
    def _source_of_ids(self) -> str:
        return "compound documents" if self.include_honoured else "the relationship endpoints"

    def refused(self, exc: UpstreamRejected) -> bool:
        """Whether the upstream refused `include` itself (then it is never sent again)."""
        if not any(problem.field == "include" for problem in exc.problems):
            return False
        self.include_honoured = False
        logger.info("limbobeat refuses include=; related ids come from %s", self._source_of_ids)
        return True

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
