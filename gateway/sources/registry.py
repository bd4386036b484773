"""Every upstream the gateway knows: adding one is its folder and one line in `SourceSections`."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel

from gateway.sources.blueworks.settings import BlueworksSettings
from gateway.sources.blueworks.source import BLUEWORKS
from gateway.sources.interchange.settings import InterchangeSettings
from gateway.sources.interchange.source import INTERCHANGE
from gateway.sources.limbobeat.settings import LimbobeatSettings
from gateway.sources.limbobeat.source import LIMBOBEAT
from gateway.sources.spec import Source
from gateway.sources.vionlabs.settings import VionlabsSettings
from gateway.sources.vionlabs.source import VIONLABS
from gateway.sources.xandr.settings import XandrSettings
from gateway.sources.xandr.source import XANDR


class SourceSections(BaseModel):
    """One settings section per upstream, annotated with the `Source` it configures.

    `Settings` inherits these fields, so each section is read from `GATEWAY_<NAME>__<FIELD>` and
    typed (`settings.xandr.username`); `SOURCES` is read from the annotations, in this order.
    """

    limbobeat: Annotated[LimbobeatSettings, LIMBOBEAT] = LimbobeatSettings()
    interchange: Annotated[InterchangeSettings, INTERCHANGE] = InterchangeSettings()
    blueworks: Annotated[BlueworksSettings, BLUEWORKS] = BlueworksSettings()
    vionlabs: Annotated[VionlabsSettings, VIONLABS] = VionlabsSettings()
    xandr: Annotated[XandrSettings, XANDR] = XandrSettings()


def registered_sources(sections: type[BaseModel]) -> tuple[Source[Any, Any], ...]:
    """The `Source` of each section, refusing one whose name or settings class disagree."""
    sources = []
    for name, field in sections.model_fields.items():
        specs = [m for m in field.metadata if isinstance(m, Source)]
        if len(specs) != 1:
            raise TypeError(f"settings section {name!r} is not annotated with one Source")
        spec = specs[0]
        if spec.name != name or field.annotation is not spec.settings_type:
            raise TypeError(
                f"settings section {name!r} ({field.annotation}) does not match its Source "
                f"({spec.name!r}, {spec.settings_type.__name__})"
            )
        sources.append(spec)
    return tuple(sources)


SOURCES = registered_sources(SourceSections)
