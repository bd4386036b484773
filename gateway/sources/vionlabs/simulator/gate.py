"""What every Vionlabs call passes first: its API key, in a header or in the query.

Part of the simulator (reference: shared/upstreams/vionlabs-tasks.md, Authentication).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import APIKeyHeader, APIKeyQuery

DEMO_API_KEY = "sandbox-vionlabs-key"  # the sandbox's published demo credential


def authenticate(
    header: Annotated[str | None, Depends(APIKeyHeader(name="X-API-Key", auto_error=False))],
    query: Annotated[str | None, Depends(APIKeyQuery(name="key", auto_error=False))],
) -> None:
    # ASSUMPTION (reference: Authentication): either form; the header wins if both are sent.
    key = header if header is not None else query
    if key != DEMO_API_KEY:
        raise HTTPException(401, detail="Not authenticated")
