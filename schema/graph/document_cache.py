"""Parsing and validating a document once, not on every request that sends the same text.

Validation is most of what a small request costs (graphql-core walks the whole document once
per rule); a client sends the same few documents over and over with different variables. The
cache keeps each document's parse tree and its verdict per set of validation rules (rules added
per request, such as the production profile's introspection ban, key their own verdict). It is
bounded by the total length of the texts kept, least recently used going first.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass, field

from graphql import DocumentNode, GraphQLError
from graphql.validation import ASTValidationRule
from strawberry.extensions import SchemaExtension

logger = logging.getLogger(__name__)

Rules = tuple[type[ASTValidationRule], ...]


@dataclass
class Entry:
    document: DocumentNode
    # Errors are never mutated by the gateway's extensions (they build new ones), so shared.
    verdicts: dict[Rules, tuple[GraphQLError, ...]] = field(default_factory=dict)


class DocumentCache:
    """Parse trees and validation verdicts by query text; made once per schema."""

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._entries: OrderedDict[str, Entry] = OrderedDict()
        self._chars = 0

    def get(self, query: str) -> Entry | None:
        entry = self._entries.get(query)
        if entry is not None:
            self._entries.move_to_end(query)
        return entry

    def put(self, query: str, document: DocumentNode) -> Entry | None:
        if len(query) > self.max_chars:
            return None
        entry = self._entries[query] = Entry(document)
        self._chars += len(query)
        while self._chars > self.max_chars:
            old, _ = self._entries.popitem(last=False)
            self._chars -= len(old)
        return entry

    def __len__(self) -> int:
        return len(self._entries)


class CachedDocuments(SchemaExtension):
    """Per request: reuse the cached parse and verdict, or keep the new ones.

    Listed after the extensions that refuse documents before validation (`OperationLimits`):
    their refusal (set before validation) is never replaced by a cached verdict.
    """

    def __init__(self, cache: DocumentCache) -> None:
        self.cache = cache
        self._entry: Entry | None = None

    def on_parse(self) -> Iterator[None]:
        context = self.execution_context
        query = context.query
        if query is None or context.graphql_document is not None:
            yield
            return
        self._entry = self.cache.get(query)
        if self._entry is not None:
            # Strawberry parses only while no document is set.
            context.graphql_document = self._entry.document
        yield
        if self._entry is None and context.graphql_document is not None:
            self._entry = self.cache.put(query, context.graphql_document)
            logger.debug("document parsed and kept (%d kept)", len(self.cache))

    def on_validate(self) -> Iterator[None]:
        context = self.execution_context
        entry = self._entry
        if entry is None or context.pre_execution_errors is not None:
            yield
            return
        rules = context.validation_rules
        verdict = entry.verdicts.get(rules)
        if verdict is not None:
            # Not None (even when empty) tells strawberry validation has run.
            context.pre_execution_errors = list(verdict)
        yield
        if verdict is None and context.pre_execution_errors is not None:
            entry.verdicts[rules] = tuple(context.pre_execution_errors)
