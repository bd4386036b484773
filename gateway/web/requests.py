"""GraphQL-over-HTTP requests into operations: GET parameters or a JSON body (or a batch).

Every way a body can be wrong is a 400 with a one-line reason: not UTF-8, not JSON, a number
too long for Python's int, nesting deeper than the limit, not an object, a member of the wrong
type. Nothing here raises anything but `HTTPRefusal`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gateway.web.refusals import HTTPRefusal, limit

JSON_MEDIA_TYPES = ("application/json",)


@dataclass(frozen=True)
class JsonLimits:
    """The JSON bounds of `RequestLimits`: variables' depth and values, a batch's length."""

    max_depth: int
    max_values: int
    max_batch: int


@dataclass(frozen=True)
class OperationRequest:
    """One operation as the client sent it; `query` may be absent when a document id stands in."""

    query: str | None
    variables: dict[str, Any] | None
    operation_name: str | None
    extensions: dict[str, Any] | None
    # The persisted documents draft's `documentId` (Relay sends `doc_id`).
    document_id: str | None = None


def from_query_params(params: Mapping[str, str], limits: JsonLimits) -> list[OperationRequest]:
    """A GET: `query`, `operationName`, and `variables` / `extensions` as JSON text."""
    fields: dict[str, Any] = {
        "query": params.get("query"),
        "operationName": params.get("operationName"),
        "documentId": params.get("documentId") or params.get("doc_id"),
    }
    for name in ("variables", "extensions"):
        raw = params.get(name)
        fields[name] = _decode(raw.encode(), f"`{name}`") if raw else None
    return [_operation(fields, limits)]


def from_body(
    content_type: str, body: bytes, limits: JsonLimits, content_encoding: str = "identity"
) -> tuple[list[OperationRequest], bool]:
    """A POST's operations, and whether they came as a batch (a JSON array)."""
    if content_encoding not in ("", "identity"):
        # RFC 9110, 15.5.16: an unsupported coding is a 415 naming the codings accepted.
        raise HTTPRefusal(
            415,
            f"Content-Encoding {content_encoding} is not supported: send the body uncompressed",
            headers={"Accept-Encoding": "identity"},
        )
    if content_type not in JSON_MEDIA_TYPES:
        raise HTTPRefusal(
            415,
            "A GraphQL POST must have Content-Type: application/json",
            headers={"Accept-Post": "application/json"},
        )
    data = _decode(body, "The request body")
    if isinstance(data, list):
        return [_operation(item, limits) for item in _batch(data, limits)], True
    return [_operation(data, limits)], False


def _batch(data: list[Any], limits: JsonLimits) -> list[Any]:
    if limits.max_batch == 0:
        raise HTTPRefusal(400, "Batching is not enabled: send one operation as a JSON object")
    if not data or len(data) > limits.max_batch:
        raise HTTPRefusal(
            400,
            f"A batch holds 1 to {limits.max_batch} operations",
            limit=limit("batchOperations", limits.max_batch, len(data)),
        )
    return data


def _decode(raw: bytes, what: str) -> Any:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HTTPRefusal(400, f"{what} is not valid UTF-8") from None
    try:
        return json.loads(text)
    except RecursionError:
        raise HTTPRefusal(400, f"{what} is JSON nested too deeply") from None
    except ValueError as exc:
        # JSONDecodeError names the line and column; a too-long integer is a plain ValueError.
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "a number is too long"
        raise HTTPRefusal(400, f"{what} is not valid JSON ({reason})") from None


def _operation(data: Any, limits: JsonLimits) -> OperationRequest:
    if not isinstance(data, dict):
        raise HTTPRefusal(
            400, "A GraphQL request must be a JSON object with `query` (or a document id)"
        )
    query = _member(data, "query", str)
    variables = _member(data, "variables", dict)
    extensions = _member(data, "extensions", dict)
    if variables is not None:
        _check_json(variables, "variables", limits)
    if extensions is not None:
        _check_json(extensions, "extensions", limits)
    return OperationRequest(
        query=query,
        variables=variables,
        operation_name=_member(data, "operationName", str),
        extensions=extensions,
        document_id=_member(data, "documentId", str) or _member(data, "doc_id", str),
    )


def _member(data: dict[str, Any], name: str, kind: type) -> Any:
    value = data.get(name)
    if value is not None and not isinstance(value, kind):
        expected = "a string" if kind is str else "an object"
        raise HTTPRefusal(400, f"`{name}` must be {expected} or null")
    return value


def _check_json(value: object, name: str, limits: JsonLimits) -> None:
    """Bounds the nesting and the number of values, walking without recursion."""
    stack: list[tuple[object, int]] = [(value, 1)]
    count = 0
    while stack:
        item, depth = stack.pop()
        count += 1
        if name == "variables" and count > limits.max_values:
            raise HTTPRefusal(
                400,
                f"`variables` holds more than {limits.max_values} values",
                limit=limit("variableValues", limits.max_values, None),
            )
        if depth > limits.max_depth:
            raise HTTPRefusal(
                400,
                f"`{name}` is nested deeper than {limits.max_depth}",
                limit=limit("variablesDepth", limits.max_depth, None),
            )
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
