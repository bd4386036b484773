"""Response bodies as JSON bytes: orjson, several times faster than the standard library's.

orjson refuses integers beyond 64 bits, which a `JSON` scalar passing an upstream's value
through may hold: those bodies fall back to the standard library.
"""

from __future__ import annotations

import json
from typing import Any

import orjson


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value)
    except TypeError:
        # Integers over 64 bits (and anything else orjson will not take), exactly as before.
        return json.dumps(value, separators=(",", ":")).encode()
