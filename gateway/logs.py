"""The process's log set-up, the same for `gateway serve` and every worker it spawns."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    # httpx logs every request's full URL, query included, at INFO; the gateway's own upstream
    # log line carries the path only (gateway.http), so httpx is heard from on warnings only.
    logging.getLogger("httpx").setLevel(logging.WARNING)
