"""How the sandbox shows a send task's relationships: links only (the reference), or kinder.

The reference's read responses expose `product` and `dsp-upload-identification` as links only,
with no `data`, and say nothing of `include=` (ASSUMPTION: ignored). That strict reading is the
default. `PUT /_sandbox/linkage` switches to the kinder readings a real deployment might have:
resource linkage (`data`) in every answer, and `include=` honoured as a JSON:API compound
document, or refused with a 400 as Laravel's JSON:API package does for an unknown include path.

Part of the simulator (reference: shared/upstreams/send-tasks.md, SendTask resource).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from gateway.sandbox.wire import json_or
from gateway.sources.limbobeat.simulator.responses import bad_parameter
from gateway.sources.limbobeat.simulator.state import RELATED, Linkage, SendTask, Store

INCLUDE_MODES = ("ignore", "honour", "reject")


def requested(request: Request, linkage: Linkage) -> list[str] | Response:
    """The relationships `include=` asks for and this mode honours, or the 400 refusing it."""
    raw = request.query_params.get("include")
    if not raw or linkage.include == "ignore":
        return []
    names = [name for name in raw.split(",") if name]
    if linkage.include == "reject" or any(name not in RELATED for name in names):
        return bad_parameter(f"Include path {raw} is not allowed.", "include")
    return names


def rendered(
    store: Store, tasks: Sequence[SendTask], includes: Sequence[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The tasks' resources, and the top-level members a compound document adds (`included`)."""
    resources = [task.resource(store.linkage.data_names(includes)) for task in tasks]
    if not includes:
        return resources, {}
    included: dict[tuple[str, str], dict[str, Any]] = {}
    for task in tasks:
        for name in includes:
            target = store.products[task.product_id] if name == "product" else None
            resource = (target or store.dsps[task.dsp_id]).resource()
            included[(resource["type"], resource["id"])] = resource
    return resources, {"included": list(included.values())}


def control(linkage: Linkage) -> Any:
    """`GET`/`PUT /_sandbox/linkage`: read or switch the mode (not part of the upstream's API)."""

    async def run(request: Request) -> Response:
        if request.method == "PUT":
            body = await json_or(request, {})
            if not isinstance(body, dict):
                return JSONResponse({"error": "a JSON object"}, status_code=400)
            if "relationship_data" in body:
                linkage.relationship_data = bool(body["relationship_data"])
            if "include" in body:
                if body["include"] not in INCLUDE_MODES:
                    return JSONResponse({"error": f"include: one of {INCLUDE_MODES}"}, 400)
                linkage.include = body["include"]
        return JSONResponse(asdict(linkage))

    return run
