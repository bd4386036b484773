"""Every upstream the gateway knows: adding a source is a new folder and one line here."""

from __future__ import annotations

from typing import Any

from gateway.sources.blueworks.source import BLUEWORKS
from gateway.sources.interchange.source import INTERCHANGE
from gateway.sources.limbobeat.source import LIMBOBEAT
from gateway.sources.spec import Source
from gateway.sources.vionlabs.source import VIONLABS
from gateway.sources.xandr.source import XANDR

SOURCES: tuple[Source[Any, Any], ...] = (
    LIMBOBEAT,
    INTERCHANGE,
    BLUEWORKS,
    VIONLABS,
    XANDR,
)
