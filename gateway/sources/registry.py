"""Every upstream the gateway knows: adding a source is a new folder and one line here."""

from __future__ import annotations

from typing import Any

from gateway.sources.limbobeat.source import LIMBOBEAT
from gateway.sources.spec import Source

SOURCES: tuple[Source[Any, Any], ...] = (LIMBOBEAT,)
