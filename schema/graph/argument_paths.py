"""Which argument a bad literal sits in, for refusals raised while parsing a scalar.

A scalar's parser sees only the value (`"²"`), so its error cannot name the argument; graphql-core
points at the value's location only. The document still knows the way to it.
"""

from __future__ import annotations

from typing import Any

from graphql.language import (
    BREAK,
    ArgumentNode,
    DocumentNode,
    Node,
    ObjectFieldNode,
    Visitor,
    visit,
)


class _PathTo(Visitor):
    def __init__(self, target: Node) -> None:
        super().__init__()
        self.target = target
        self.names: list[str] = []
        self.found: str | None = None

    def enter(self, node: Node, *_: Any) -> Any:
        if isinstance(node, ArgumentNode | ObjectFieldNode):
            self.names.append(node.name.value)
        if node is self.target and self.names:
            self.found = ".".join(self.names)
            return BREAK
        return None

    def leave(self, node: Node, *_: Any) -> None:
        if isinstance(node, ArgumentNode | ObjectFieldNode):
            self.names.pop()


def argument_path(document: DocumentNode | None, node: Node) -> str | None:
    """`filter.buyerCustomerId` for a value node inside that argument, else None."""
    if document is None:
        return None
    finder = _PathTo(node)
    visit(document, finder)
    return finder.found
