"""The shape of an operation, fragments expanded: depth, aliases, root fields, directives, and
its widest selection set.

Measured on the parsed document before validation, so an oversized document is refused before
validation (the expensive step) runs. Each fragment is measured once and its numbers reused at
every spread, so a "fragment bomb" (fragments spreading others many times) costs no more to
measure than its text, while the counts still multiply as execution would.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)


@dataclass(frozen=True)
class Shape:
    """What one selection set adds up to once every fragment spread in it is expanded."""

    depth: int = 0
    aliases: int = 0
    directives: int = 0
    # Fields at the top of this selection set (the operation's root fields, for the operation).
    fields: int = 0
    # The most fields in any one selection set below (fragments merged in): validation compares
    # every pair of them (OverlappingFieldsCanBeMerged), so its cost grows with the square.
    widest: int = 0

    def __add__(self, other: Shape) -> Shape:
        return Shape(
            depth=max(self.depth, other.depth),
            aliases=self.aliases + other.aliases,
            directives=self.directives + other.directives,
            fields=self.fields + other.fields,
            widest=max(self.widest, other.widest),
        )


class _Measure:
    """Walks one operation; fragment shapes are memoised by (name, inside an `ofType` chain)."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        self.fragments = fragments
        self.memo: dict[tuple[str, bool], Shape] = {}
        self.visiting: set[str] = set()

    def selection_set(self, node: SelectionSetNode | None, in_of_type: bool) -> Shape:
        total = Shape()
        for selection in node.selections if node is not None else ():
            total = total + self.selection(selection, in_of_type)
        return total

    def selection(self, node: object, in_of_type: bool) -> Shape:
        if isinstance(node, FieldNode):
            return self.field(node, in_of_type)
        if isinstance(node, InlineFragmentNode):
            inner = self.selection_set(node.selection_set, in_of_type)
            return inner + Shape(directives=len(node.directives or ()))
        if isinstance(node, FragmentSpreadNode):
            return self.spread(node, in_of_type) + Shape(directives=len(node.directives or ()))
        return Shape()

    def field(self, node: FieldNode, in_of_type: bool) -> Shape:
        # `ofType` inside `ofType` unwraps one more list or non-null wrapper of the same type
        # reference (GraphiQL asks for seven); the chain counts as one level, not seven.
        of_type = node.name.value == "ofType"
        inner = self.selection_set(node.selection_set, of_type)
        level = 0 if of_type and in_of_type else 1
        return Shape(
            depth=inner.depth + level,
            aliases=inner.aliases + (1 if node.alias is not None else 0),
            directives=inner.directives + len(node.directives or ()),
            fields=1,
            widest=max(inner.widest, inner.fields),
        )

    def spread(self, node: FragmentSpreadNode, in_of_type: bool) -> Shape:
        name = node.name.value
        key = (name, in_of_type)
        if key in self.memo:
            return self.memo[key]
        fragment = self.fragments.get(name)
        # Unknown and cyclic fragments are validation errors; validation reports them.
        if fragment is None or name in self.visiting:
            return Shape()
        self.visiting.add(name)
        try:
            inner = self.selection_set(fragment.selection_set, in_of_type)
        finally:
            self.visiting.discard(name)
        shape = inner + Shape(directives=len(fragment.directives or ()))
        self.memo[key] = shape
        return shape


def no_operation_chosen(document: DocumentNode, name: str | None) -> bool:
    """Several operations and no name to pick one: the spec's request error.

    strawberry's `ExecutionContext.operation_name` falls back to the first operation's name, so
    unless this is refused the first one runs: data the caller did not ask for.
    """
    ops = (d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    return name is None and sum(1 for _ in ops) > 1


def operations(document: DocumentNode, name: str | None) -> Iterable[OperationDefinitionNode]:
    """The operation that would run; every one when the name does not pick one."""
    ops = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    named = [op for op in ops if name is not None and op.name and op.name.value == name]
    return named or ops


def measure(document: DocumentNode, operation_name: str | None) -> Shape:
    """The operation's shape (the largest of each count when the document holds several)."""
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walk = _Measure(fragments)
    total = Shape()
    for op in operations(document, operation_name):
        inner = walk.selection_set(op.selection_set, False)
        op_shape = inner + Shape(directives=len(op.directives or ()))
        total = Shape(
            depth=max(total.depth, op_shape.depth),
            aliases=max(total.aliases, op_shape.aliases),
            directives=max(total.directives, op_shape.directives),
            fields=max(total.fields, op_shape.fields),
            widest=max(total.widest, op_shape.widest, op_shape.fields),
        )
    return total
