"""A page of send tasks loads its tasks' products and DSPs at once, before their fields ask.

Each task's `product` and `dspUploadIdentification` then answer from `task.prefetched`: plain
values, no coroutine per task and field (graphql-core would make a task and a gather for each
of them). The loads are the same loader calls the fields make (one batch each), awaited as a
handful of futures. A task whose id or related object fails to load is left out: its field
loads it itself and reports the error at its own path, as before.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from gateway.context import Info
from gateway.sources.limbobeat.loaders import (
    DspUploadIdentificationByIdLoader,
    ProductByIdLoader,
    RelatedIdBySendTaskLoader,
)
from schema.graph.selection import asked_fields
from schema.limbobeat.products import DspUploadIdentification, Product
from schema.limbobeat.types import SendTask

# (field, relationship, loader of the related payloads, object from payload, included payload)
RELATED: tuple[tuple[str, str, type[Any], Callable[[Any], Any], str], ...] = (
    ("product", "product", ProductByIdLoader, Product.from_payload, "included_product"),
    (
        "dspUploadIdentification",
        "dsp-upload-identification",
        DspUploadIdentificationByIdLoader,
        DspUploadIdentification.from_payload,
        "included_dsp",
    ),
)


async def prefetch_related(info: Info, tasks: Sequence[SendTask]) -> None:
    """Load what the query asks of `tasks`' related objects, for all of them at once."""
    if not tasks:
        return
    asked = asked_fields(info)
    for field, relationship, loader_type, build, included in RELATED:
        if field in asked:
            await _prefetch(info, tasks, field, relationship, loader_type, build, included)


async def _prefetch(
    info: Info,
    tasks: Sequence[SendTask],
    field: str,
    relationship: str,
    loader_type: type[Any],
    build: Callable[[Any], Any],
    included: str,
) -> None:
    pending = [task for task in tasks if getattr(task, included) is None]
    ids = await _related_ids(info, pending, relationship)
    wanted = list(dict.fromkeys(i for i in ids if isinstance(i, str)))
    loader = info.context.loader(loader_type)
    found = await asyncio.gather(*(loader.load(i) for i in wanted), return_exceptions=True)
    payloads = dict(zip(wanted, found, strict=True))
    # One object per related resource, however many tasks deliver it.
    built = {i: build(p) for i, p in payloads.items() if not isinstance(p, BaseException | None)}
    for task in tasks:
        if getattr(task, included) is not None:
            task.prefetched[field] = build(getattr(task, included))
    for task, related_id in zip(pending, ids, strict=True):
        if isinstance(related_id, BaseException):
            continue  # its field asks again and reports the failure where it belongs
        if related_id is not None and isinstance(payloads[related_id], BaseException):
            continue
        task.prefetched[field] = built.get(related_id) if related_id is not None else None


async def _related_ids(
    info: Info, tasks: Sequence[SendTask], relationship: str
) -> list[str | BaseException | None]:
    """Each task's related id: from the read's linkage, else (links only) the loader's."""
    known = [
        task.product_id if relationship == "product" else task.dsp_upload_identification_id
        for task in tasks
    ]
    missing = [i for i, value in enumerate(known) if value is None]
    if not missing:
        return list(known)
    loader = info.context.loader(RelatedIdBySendTaskLoader)
    asked = [loader.load((tasks[i].key, relationship)) for i in missing]
    answers = await asyncio.gather(*asked, return_exceptions=True)
    ids: list[str | BaseException | None] = list(known)
    for i, answer in zip(missing, answers, strict=True):
        ids[i] = answer
    return ids
