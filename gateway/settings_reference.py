"""Renders `docs/configuration.md` from the settings models, so no setting goes undocumented.

`make docs` (`gateway settings-reference > docs/configuration.md`) writes the page; a test fails
while the committed page differs from what this module renders.
"""

from __future__ import annotations

import enum
import inspect
import json
import re
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types
from pydantic import AnyUrl, BaseModel, SecretStr
from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, NoDecode

from gateway.config import Settings
from gateway.http.settings import UpstreamSettings

REGENERATE = "make docs"

INTRO = """\
# Configuration

<!-- Generated from the settings models by `make docs` (`gateway settings-reference`); edit the
     fields' `description=` in the code, not this page. A test fails while it is stale. -->

The gateway reads all of its configuration from environment variables when it starts.

- **Names.** Every variable starts with `GATEWAY_`. A field of a section adds the section's name
  and `__`: `GATEWAY_XANDR__USERNAME` is the field `username` of the section `xandr`. Names are
  not case-sensitive. Code that embeds the gateway (and the tests) passes a ready
  `Settings(...)` with the same names, lower-case, instead of the environment.
- **Unset** means the variable is absent; the meaning says what the gateway does then.
- **Lists** are JSON: `GATEWAY_CORS_ORIGINS='["https://ops.example.com"]'`. Lists of upstream ids
  (type "list (`a,b` or JSON)") also take `a,b`.
- **Booleans** are `true` or `false` (`1`/`0`, `yes`/`no` and `on`/`off` work too).
- **Secrets** (type "secret") are held as secret values: never printed, in errors, logs or
  responses. Give them from your secret store through the environment.
- **Bad values stop start-up** (exit code 2) with one line per problem naming the variable, e.g.
  `configuration error: GATEWAY_XANDR__USERNAME: required when GATEWAY_XANDR__BASE_URL is set
  (missing username)`. A list that is not valid JSON stops it the same way, showing the form.
"""


class UndocumentedSetting(ValueError):
    """A settings field without `description=`: the reference would have a hole."""


@dataclass(frozen=True)
class Section:
    """One settings model at one place in the tree: its path, docstring and leaf fields."""

    path: tuple[str, ...]
    model: type[BaseModel]
    default: BaseModel | None


def settings_reference(settings_type: type[BaseSettings] = Settings) -> str:
    """The whole configuration page for `settings_type`, as Markdown."""
    prefix, delimiter = _naming(settings_type)
    sections = list(_sections(Section((), settings_type, None)))
    undocumented = [
        _variable(prefix, delimiter, (*section.path, name))
        for section in sections
        for name, field in _leaves(section)
        if not field.description
    ]
    if undocumented:
        raise UndocumentedSetting(
            "settings without description= (the reference would have a hole): "
            + ", ".join(undocumented)
        )
    parts = [INTRO, _contents(sections)]
    for section in sections:
        parts.append(_render_section(section, prefix, delimiter))
    return "\n".join(parts)


def setting_variables(settings_type: type[BaseSettings] = Settings) -> list[str]:
    """Every environment variable the settings read, in the order the reference lists them."""
    prefix, delimiter = _naming(settings_type)
    return [
        _variable(prefix, delimiter, (*section.path, name))
        for section in _sections(Section((), settings_type, None))
        for name, _ in _leaves(section)
    ]


def _naming(settings_type: type[BaseSettings]) -> tuple[str, str]:
    config = settings_type.model_config
    return str(config.get("env_prefix") or ""), str(config.get("env_nested_delimiter") or "__")


def _sections(section: Section) -> Iterator[Section]:
    """The section itself, then every nested model below it, depth first in field order."""
    yield section
    for name, field in section.model.model_fields.items():
        model = _model_type(field)
        if model is not None:
            value = field.get_default(call_default_factory=True)
            default = value if isinstance(value, BaseModel) else None
            yield from _sections(Section((*section.path, name), model, default))


def _leaves(section: Section) -> Iterator[tuple[str, FieldInfo]]:
    for name, field in section.model.model_fields.items():
        if _model_type(field) is None:
            yield name, field


def _variable(prefix: str, delimiter: str, path: tuple[str, ...]) -> str:
    return prefix + delimiter.join(part.upper() for part in path)


def _contents(sections: list[Section]) -> str:
    lines = ["Sections:", ""]
    for section in sections:
        title = _title(section)
        lines.append(f"- [{title}](#{_anchor(title)})")
    return "\n".join(lines) + "\n"


def _title(section: Section) -> str:
    return "General" if not section.path else ".".join(section.path)


def _anchor(title: str) -> str:
    # GitHub's rule: lower-case, drop punctuation except hyphens, spaces become hyphens.
    return re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-")


def _render_section(section: Section, prefix: str, delimiter: str) -> str:
    env = _variable(prefix, delimiter, (*section.path, ""))
    lines = [f"## {_title(section)}", ""]
    if section.path:
        lines += [_docstring(section.model), ""]
        lines += [f"Variables `{env}<FIELD>`.{_required(section, env)}", ""]
    lines += ["| Variable | Type | Default | Allowed | Meaning |", "|---|---|---|---|---|"]
    lines += [_row(env + name.upper(), field) for name, field in _leaves(section)]
    return "\n".join(lines) + "\n"


def _docstring(model: type[BaseModel]) -> str:
    text = inspect.cleandoc(model.__doc__ or "")
    return " ".join(text.split())


def _required(section: Section, env: str) -> str:
    """The credentials a configured upstream section must have, read from the section itself."""
    if not isinstance(section.default, UpstreamSettings):
        return ""
    names = set(section.model.model_fields)
    needs = [
        re.sub(r"[a-z_]+", lambda m: f"`{m[0].upper()}`" if m[0] in names else m[0], need)
        for need in section.default.missing_credentials()
    ]
    if not needs:
        return ""
    return f" Required when `{env}BASE_URL` is set: {', '.join(needs)}."


def _row(variable: str, field: FieldInfo) -> str:
    meaning = " ".join((field.description or "").split())
    cells = [f"`{variable}`", _type(field), _default(field), _allowed(field), meaning]
    return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"


def _model_type(field: FieldInfo) -> type[BaseModel] | None:
    annotation = _without_none(field.annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(kept) == 1:
            return kept[0]
    return annotation


_TYPE_NAMES: dict[Any, str] = {
    bool: "boolean",
    int: "integer",
    float: "number",
    str: "string",
    SecretStr: "secret",
    Path: "file path",
}


def _type(field: FieldInfo) -> str:
    annotation = _without_none(field.annotation)
    if get_origin(annotation) is Annotated:
        # A validated type inside a union, e.g. `RedisUrl | None`: named by its base type.
        annotation = get_args(annotation)[0]
    if get_origin(annotation) is Literal:
        return "choice"
    if get_origin(annotation) is list:
        return "list (`a,b` or JSON)" if NoDecode in field.metadata else "list (JSON)"
    if isinstance(annotation, type) and issubclass(annotation, AnyUrl):
        return "URL"
    return _TYPE_NAMES.get(annotation, "JSON")


def _default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if value is None:
        return "unset"
    if isinstance(value, SecretStr):
        return "(secret)"
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, list | dict):
        return f"`{json.dumps(value)}`"
    return f"`{value}`"


def _allowed(field: FieldInfo) -> str:
    annotation = _without_none(field.annotation)
    if get_origin(annotation) is Literal:
        return ", ".join(f"`{value}`" for value in get_args(annotation))
    bounds = {}
    for item in field.metadata:
        for name in ("gt", "ge", "lt", "le"):
            if isinstance(item, getattr(annotated_types, name.capitalize())):
                bounds[name] = getattr(item, name)
    return _bounds_text(bounds)


def _bounds_text(bounds: dict[str, Any]) -> str:
    if "ge" in bounds and "le" in bounds:
        return f"{bounds['ge']} to {bounds['le']}"
    words = {"gt": "> ", "ge": "≥ ", "lt": "< ", "le": "≤ "}
    return ", ".join(words[name] + str(bounds[name]) for name in words if name in bounds)
