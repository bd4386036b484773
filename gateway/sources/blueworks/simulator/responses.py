"""What Blueworks answers when it refuses: short plain text, as sandbox faults are too.

Part of the simulator (reference: shared/upstreams/blueworks-worklist.md, Errors).
"""

from __future__ import annotations

from starlette.responses import PlainTextResponse, Response

from gateway.sandbox.faults import plain_error

# Faults render as every refusal does: the status and a short text/plain message.
render_error = plain_error


def plain(status: int, message: str = "") -> Response:
    # Error bodies are undocumented; ASSUMPTION (reference: Errors): short text/plain.
    return PlainTextResponse(message, status_code=status)
