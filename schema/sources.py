"""Every source of the graph: one registration each, made in `schema/<source>/__init__.py`.

Adding a source is one line here (and its import). This order is `TaskSource`'s, so the order
of the queue's `sources` and `taskSummary.bySource`; the root fields are ordered by name.
"""

from __future__ import annotations

from schema import blueworks, interchange, limbobeat, vionlabs, xandr
from schema.graph.source_schema import SourceSchema

SCHEMAS: tuple[SourceSchema, ...] = (
    interchange.SCHEMA,
    blueworks.SCHEMA,
    vionlabs.SCHEMA,
    limbobeat.SCHEMA,
    xandr.SCHEMA,
)
