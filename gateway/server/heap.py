"""The cyclic garbage collector in a serving process: what start-up built is kept out of its way.

A gateway process holds some 150,000 objects once started (the schema, graphql-core's and
strawberry's type maps, pydantic's validators, the modules), none of which ever become garbage;
every full collection walked them all again. Under the load benchmark (bench/RESULTS.md) the
collector took about a fifth of the process's CPU, most of it in those full collections.
`gc.freeze()` once start-up is done moves them to a generation the collector never scans; they
are still freed by reference counting, as ever. The collection thresholds are left as they are:
raising them cut collections further but grew peak memory by half (answers held by reference
cycles live until the next collection).

Only for a process that serves one app for its lifetime (`gateway serve`, the worker factory):
tests build many apps in one process, and freezing each would keep the last one's cycles.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

logger = logging.getLogger(__name__)


def settle_after_startup(app: FastAPI) -> FastAPI:
    """`app`, whose lifespan freezes the heap once its own start-up (clients, store) is done."""
    started = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(served: Any) -> AsyncIterator[None]:
        # The gateway's lifespan keeps its state on `app.state`: it yields nothing.
        async with started(served):
            settle()
            yield

    app.router.lifespan_context = lifespan
    return app


def settle() -> None:
    """Collect what start-up left behind, then keep every object alive now out of collections."""
    gc.collect()
    gc.freeze()
    logger.debug("heap settled: %d objects frozen", gc.get_freeze_count())
