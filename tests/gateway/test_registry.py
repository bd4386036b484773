"""A source is registered by one line: its settings section, annotated with its `Source`."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import BaseModel

from gateway.config import Settings
from gateway.sources.limbobeat.source import LIMBOBEAT
from gateway.sources.registry import SOURCES, SourceSections, registered_sources
from gateway.sources.xandr.settings import XandrSettings
from gateway.sources.xandr.source import XANDR


class MisnamedSection(BaseModel):
    xandr: Annotated[XandrSettings, LIMBOBEAT] = XandrSettings()


class UnannotatedSection(BaseModel):
    xandr: XandrSettings = XandrSettings()


class Registered(BaseModel):
    xandr: Annotated[XandrSettings, XANDR] = XandrSettings()


def test_every_source_reads_its_own_environment_section(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for n, spec in enumerate(SOURCES):
        monkeypatch.setenv(f"GATEWAY_{spec.name.upper()}__TIMEOUT_S", str(n + 1))

    settings = Settings()

    for n, spec in enumerate(SOURCES):
        section = settings.section(spec.name)
        assert type(section) is spec.settings_type
        assert section.timeout_s == n + 1


def test_the_sources_are_read_from_the_sections_in_order() -> None:
    assert registered_sources(Registered) == (XANDR,)
    assert [spec.name for spec in SOURCES] == list(SourceSections.model_fields)


@pytest.mark.parametrize("sections", [MisnamedSection, UnannotatedSection])
def test_a_section_without_its_own_source_is_refused(sections: type[BaseModel]) -> None:
    with pytest.raises(TypeError, match="settings section 'xandr'"):
        registered_sources(sections)
