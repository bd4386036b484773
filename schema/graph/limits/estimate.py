"""The static cost estimate: an upper bound on the upstream calls an operation will make.

Computed from the document and its variables before any call. Objects are counted as
(groups x objects per group): a group is a set of parent objects whose fields resolve in one
loader tick, so a batched lookup costs ceil(objects / batch) per group. Lists multiply the
objects below them by their `items`; a field that calls once per object (`fans_out`) splits its
children into one group per parent. For an interface or union every possible type is counted
with every object, unless the field says how many there are of each (node ids): that can only
over-estimate. Skip/include directives are ignored for the same reason.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLField,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    get_named_type,
    get_operation_ast,
    is_abstract_type,
)
from graphql.execution.values import get_argument_values, get_variable_values

from gateway.clients import Clients
from gateway.config import Settings
from schema.graph.limits.cost import DEFAULT_ITEMS, KEY, Cost, Site


@dataclass(frozen=True)
class Instances:
    """How many objects a selection is resolved on: `groups` x `objects` per group."""

    groups: int
    objects: int


@dataclass
class Estimate:
    """The bound, in upstream calls, with the part each source's fields contribute."""

    calls: int = 0
    by_field: dict[str, int] = field(default_factory=dict)

    def add(self, path: str, calls: int) -> None:
        if calls:
            self.calls += calls
            self.by_field[path] = self.by_field.get(path, 0) + calls


@dataclass
class _Walk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    # graphql-core's coerced variables (its `VariableValues` in 3.3).
    variables: Any
    settings: Settings
    clients: Clients | None
    # A query (not a mutation): identical roots are answered once.
    query: bool = True
    estimate: Estimate = field(default_factory=Estimate)


def estimate(
    schema: GraphQLSchema,
    document: DocumentNode,
    operation_name: str | None,
    raw_variables: Mapping[str, Any] | None,
    settings: Settings,
    clients: Clients | None = None,
) -> Estimate | None:
    """The operation's bound; None when the variables do not coerce (execution refuses them)."""
    operation = get_operation_ast(document, operation_name)
    if operation is None:
        return None
    variables = get_variable_values(
        schema, operation.variable_definitions or (), dict(raw_variables or {})
    )
    if isinstance(variables, list):
        return None
    root = _root(schema, operation)
    if root is None:
        return None
    fragments = {
        d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
    }
    query = operation.operation == OperationType.QUERY
    walk = _Walk(schema, fragments, variables, settings, clients, query)
    _selection(walk, root, operation.selection_set, Instances(1, 1), frozenset(), None, "")
    return walk.estimate


def _root(schema: GraphQLSchema, operation: OperationDefinitionNode) -> GraphQLObjectType | None:
    if operation.operation == OperationType.MUTATION:
        return schema.mutation_type
    if operation.operation == OperationType.SUBSCRIPTION:
        return schema.subscription_type
    return schema.query_type


def _selection(
    walk: _Walk,
    object_type: GraphQLObjectType,
    selection_set: SelectionSetNode,
    instances: Instances,
    provided: frozenset[str],
    pending: int | None,
    path: str,
) -> None:
    charged: set[str] = set()
    for node in _fields(walk, object_type, selection_set):
        name = node.name.value
        field_def = object_type.fields.get(name)
        if field_def is None or name.startswith("__"):
            continue
        declared = declared_cost(field_def)
        site = Site(
            args=_arguments(field_def, node, walk.variables) if declared else {},
            objects=instances.objects,
            settings=walk.settings,
            clients=walk.clients,
        )
        where = f"{path}.{name}" if path else name
        # Identical query roots run once (schema.graph.limits.once): charged once too.
        once = f"{name}{sorted(site.args.items())!r}" if not path and walk.query else None
        repeated = once is not None and once in charged
        if declared is not None and not repeated and not _shared(declared, provided, charged):
            calls = instances.groups * declared.calls(site)
            walk.estimate.add(f"{object_type.name}.{name}", calls)
        if once is not None:
            charged.add(once)
        if node.selection_set is not None:
            below = (node.selection_set, declared, site, instances, pending, where)
            _children(walk, field_def, *below)


def _shared(declared: Cost, provided: frozenset[str], charged: set[str]) -> bool:
    """Whether the field's loader already answered for these objects (then it costs nothing)."""
    if declared.loader is None:
        return False
    if declared.loader in provided or declared.loader in charged:
        return True
    charged.add(declared.loader)
    return False


def _children(
    walk: _Walk,
    field_def: GraphQLField,
    selection_set: SelectionSetNode,
    declared: Cost | None,
    site: Site,
    instances: Instances,
    pending: int | None,
    path: str,
) -> None:
    own_items = declared.items(site) if declared and declared.items else None
    if _is_list(field_def.type):
        each = own_items if own_items is not None else (pending or DEFAULT_ITEMS)
        below: int | None = None
    else:
        each = 1
        below = own_items if own_items is not None else pending
    if declared is not None and declared.fans_out:
        child = Instances(instances.groups * instances.objects, each)
    else:
        child = Instances(instances.groups, instances.objects * each)
    provides = declared.provides if declared else frozenset()
    by_type = declared.types(site) if declared and declared.types else None
    for concrete in _possible_types(walk.schema, field_def):
        objects = child.objects
        if by_type is not None:
            objects = by_type.get(concrete.name, 0) * (child.objects // max(each, 1) or 1)
            if objects == 0:
                continue
        typed = Instances(child.groups, objects)
        _selection(walk, concrete, selection_set, typed, provides, below, path)


def declared_cost(field_def: GraphQLField) -> Cost | None:
    """The field's `metadata=cost(...)`, or None: then it costs nothing (the guard test's read)."""
    definition = (field_def.extensions or {}).get("strawberry-definition")
    metadata = getattr(definition, "metadata", None) or {}
    found = metadata.get(KEY)
    return found if isinstance(found, Cost) else None


def _arguments(field_def: GraphQLField, node: FieldNode, variables: Any) -> dict[str, Any]:
    try:
        return get_argument_values(field_def, node, variables)
    except GraphQLError:
        # A bad argument fails validation or execution before any call; it costs nothing here.
        return {}


def _is_list(type_: Any) -> bool:
    inner = type_.of_type if isinstance(type_, GraphQLNonNull) else type_
    return isinstance(inner, GraphQLList)


def _possible_types(schema: GraphQLSchema, field_def: GraphQLField) -> list[GraphQLObjectType]:
    named = get_named_type(field_def.type)
    if is_abstract_type(named):
        return list(schema.get_possible_types(named))
    return [named] if isinstance(named, GraphQLObjectType) else []


def _fields(
    walk: _Walk, object_type: GraphQLObjectType, selection_set: SelectionSetNode
) -> list[FieldNode]:
    """The fields selected on `object_type`, fragments that apply to it expanded."""
    found: list[FieldNode] = []
    stack: list[tuple[SelectionSetNode, frozenset[str]]] = [(selection_set, frozenset())]
    while stack:
        current, seen = stack.pop()
        for selection in current.selections:
            if isinstance(selection, FieldNode):
                found.append(selection)
            elif isinstance(selection, InlineFragmentNode):
                condition = selection.type_condition
                if condition is None or _applies(walk, condition.name.value, object_type):
                    stack.append((selection.selection_set, seen))
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = walk.fragments.get(name)
                if fragment is None or name in seen:
                    continue
                if _applies(walk, fragment.type_condition.name.value, object_type):
                    stack.append((fragment.selection_set, seen | {name}))
    return found


def _applies(walk: _Walk, condition: str, object_type: GraphQLObjectType) -> bool:
    if condition == object_type.name:
        return True
    abstract = walk.schema.get_type(condition)
    return (
        abstract is not None
        and is_abstract_type(abstract)
        and walk.schema.is_sub_type(
            abstract,
            object_type,
        )
    )
