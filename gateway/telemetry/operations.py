"""Operation names as metric labels, bounded so that no client can grow the label set.

Each distinct label value is a time series kept for the life of the process (and of the
Prometheus server's retention), so a client that sends a new `operationName` per request could
exhaust both. A name gets its own label only once its operation passed validation and while
fewer than `limit` names have one (the first seen in this process, plus any registered up front,
such as the names of trusted documents); every other name is counted as `other`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from gateway.telemetry.request import Operation

OTHER = "other"
ANONYMOUS = "anonymous"
# A GraphQL Name (spec: Names), at most 100 characters; anything else never names an operation.
_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,99}")


def safe_name(name: str | None) -> str | None:
    """The operation name when it is a GraphQL Name, so that it is safe in any log line."""
    return name if name is not None and _NAME.fullmatch(name) else None


class OperationNames:
    """The label of each operation: its name if admitted, `anonymous`, or `other`."""

    def __init__(self, limit: int, known: Iterable[str] = ()) -> None:
        self.limit = limit
        self._admitted: set[str] = set()
        self.register(known)

    def register(self, names: Iterable[str]) -> None:
        """Admit these names ahead of traffic (trusted documents' names), within the limit."""
        for name in names:
            if len(self._admitted) >= self.limit:
                return
            if safe_name(name) is not None:
                self._admitted.add(name)

    def label(self, operation: Operation) -> str:
        if operation.name is None:
            return ANONYMOUS
        name = safe_name(operation.name)
        if name is None:
            return OTHER
        if operation.executed and name not in self._admitted and len(self._admitted) < self.limit:
            self._admitted.add(name)
        return name if name in self._admitted else OTHER

    def labels(self, operations: list[Operation]) -> tuple[str, str]:
        """(name, type) of a request: `none` when nothing ran, `batch` for several operations."""
        if not operations:
            return ("", "none")
        if len(operations) > 1:
            return ("batch", "batch")
        return (self.label(operations[0]), operations[0].type)
