"""`workItems` (one list call per inventory source, in parallel, merged) and `workItem`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated

import strawberry

from gateway.callers.scopes import WORK_READ, requires
from gateway.context import Info
from gateway.errors import BadUserInput
from gateway.http.paths import path_segment
from gateway.sources.interchange.client import (
    MAX_LIMIT,
    SOURCE,
    InterchangeClient,
    WorkItemFilter,
)
from gateway.sources.interchange.loaders import (
    SourcePage,
    WorkItemByIdLoader,
    WorkItemPageBySourceLoader,
    WorkItemPageKey,
)
from schema.graph.ids import node_key
from schema.graph.limits.cost import Site, cost
from schema.graph.scalars import SafeInt
from schema.interchange.inputs import WorkItemFilterInput
from schema.interchange.lists import WorkItemList, WorkItemSourceResult
from schema.interchange.types import DETAIL, WorkItem, item_key

DEFAULT_LIMIT = 50


def source_ids_to_read(client: InterchangeClient, source_ids: Sequence[str]) -> list[str]:
    """The named sources (deduplicated), or the configured defaults when none are named."""
    chosen = list(dict.fromkeys(source_ids)) or list(client.settings.default_source_ids)
    if not chosen:
        raise BadUserInput(
            "name at least one inventory source (no default sources are configured)",
            argument="sourceIds",
        )
    for source_id in chosen:
        # Judged before any source is read, so one bad id does not cost the others' calls.
        path_segment(source_id, "sourceIds", SOURCE)
    cap = client.settings.max_sources_per_query
    if len(chosen) > cap:
        raise BadUserInput(f"at most {cap} sources per query", argument="sourceIds")
    return chosen


def merge(pages: Sequence[SourcePage], limit: int) -> WorkItemList:
    """All answers in one list, oldest first, cut at `limit`; failed sources only counted."""
    candidates = [
        (summary, page.key)
        for page in pages
        if page.page is not None
        for summary in page.page.items
    ]
    candidates.sort(key=lambda c: (c[0].created_at, c[1].source_id, c[0].id))
    kept = candidates[:limit]
    returned: dict[str, int] = {}
    for _, key in kept:
        returned[key.source_id] = returned.get(key.source_id, 0) + 1
    items = [
        WorkItem.from_payload(summary, source_id=key.source_id, filter=key.filter)
        for summary, key in kept
    ]
    total = sum(page.page.total for page in pages if page.page is not None)
    return WorkItemList(
        items=items,
        total_count=SafeInt(total),
        returned_count=len(items),
        has_more=total > len(items),
        sources=[
            WorkItemSourceResult(
                source_id=strawberry.ID(page.key.source_id),
                ok=page.error is None,
                error_code=page.error.code if page.error is not None else None,
                returned_count=returned.get(page.key.source_id, 0),
                _total=page.page.total if page.page is not None else None,
                _error=page.error,
            )
            for page in pages
        ],
    )


def _source_calls(site: Site) -> int:
    """One list call per inventory source read (named, else the configured defaults)."""
    named = list(dict.fromkeys(site.arg("sourceIds") or ()))
    settings = site.section(InterchangeClient, site.settings.interchange)
    chosen = named or list(settings.default_source_ids)
    return min(len(chosen), settings.max_sources_per_query)


@strawberry.type
class WorkItemsQuery:
    @strawberry.field(
        metadata=cost(_source_calls, items=lambda site: site.arg("first", DEFAULT_LIMIT)),
        extensions=requires(WORK_READ),
        description="Work items of several inventory sources (none named: the configured "
        "defaults), read in parallel and merged; a failing source is reported in `sources`.",
    )
    async def work_items(
        self,
        info: Info,
        source_ids: Annotated[
            list[strawberry.ID] | None,
            strawberry.argument(
                description="Inventory sources to read (e.g. `retail-modular`); null or empty: "
                "`GATEWAY_INTERCHANGE__DEFAULT_SOURCE_IDS`. At most "
                "`GATEWAY_INTERCHANGE__MAX_SOURCES_PER_QUERY` (default 20)."
            ),
        ] = None,
        filter: Annotated[
            WorkItemFilterInput | None,
            strawberry.argument(description="Which items; null: the upstream's default statuses."),
        ] = None,
        first: Annotated[
            int,
            strawberry.argument(
                description=f"How many items to return in all: 1 to {MAX_LIMIT}, default "
                f"{DEFAULT_LIMIT} (Interchange has no offset, so there is no `after`)."
            ),
        ] = DEFAULT_LIMIT,
    ) -> WorkItemList | None:
        if not 1 <= first <= MAX_LIMIT:
            raise BadUserInput(f"`first` must be between 1 and {MAX_LIMIT}", argument="first")
        upstream_filter = filter.to_filter() if filter else WorkItemFilter()
        client = info.context.clients.get(InterchangeClient)
        keys = [
            WorkItemPageKey(source_id, upstream_filter, first)
            for source_id in source_ids_to_read(client, [str(s) for s in source_ids or ()])
        ]
        pages = await info.context.loader(WorkItemPageBySourceLoader).load_many(keys)
        answered = [p for p in pages if p is not None]
        failures = [p.error for p in answered if p.error is not None]
        if failures and len(failures) == len(answered):
            # Nothing to merge: report the first failure plainly rather than an empty list.
            raise failures[0]
        return merge(answered, first)

    @strawberry.field(
        metadata=cost(1, loader=DETAIL, provides=(DETAIL,)),
        extensions=requires(WORK_READ),
        description="One work item with its payload, result and events; null when it or its "
        "source does not exist.",
    )
    async def work_item(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The item's global id.")],
    ) -> WorkItem | None:
        key = item_key(node_key(id, WorkItem))
        if key is None:
            return None
        document = await info.context.loader(WorkItemByIdLoader).load(key)
        return WorkItem.from_document(document, source_id=key[0]) if document else None
