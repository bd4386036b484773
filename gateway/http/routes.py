"""Paths that remember their route template, so traces name `/send-tasks/{task_id}`, not ids.

A client fills a template with `route(TEMPLATE, task_id=...)`; the result is the path itself (a
`str`), carrying `.template` along to `UpstreamHTTP.request`, which hands it to the transport's
span. A path with no ids in it is its own template, so plain strings need nothing.
"""

from __future__ import annotations


class RoutePath(str):
    """A filled-in path and the template it came from."""

    template: str

    def __new__(cls, path: str, template: str) -> RoutePath:
        made = super().__new__(cls, path)
        made.template = template
        return made


def route(template: str, **segments: str | int) -> RoutePath:
    """`template` with its `{name}` segments filled (each already percent-encoded)."""
    return RoutePath(template.format(**segments), template)


def template_of(path: str) -> str:
    """The route template of a path given to `UpstreamHTTP.request`."""
    return path.template if isinstance(path, RoutePath) else path
