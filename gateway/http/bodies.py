"""Reading an upstream's body into its payload model; a report names fields, never values.

A body is validated straight from its bytes (`parse_response`: pydantic's own JSON parser, no
intermediate Python objects), and at most once per response and shape: requests that shared one
call (`gateway.http.inflight`) share its parsed payload too, which they only ever read.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from gateway.errors import UpstreamBadResponse

ModelT = TypeVar("ModelT", bound=BaseModel)

# Where a response keeps what was read from it (httpx responses take attributes).
_PARSED = "_gateway_parsed"
_JSON = object()


def _memo(response: httpx.Response) -> dict[Any, Any]:
    memo: dict[Any, Any] | None = getattr(response, _PARSED, None)
    if memo is None:
        memo = {}
        setattr(response, _PARSED, memo)
    return memo


def read_json(response: httpx.Response, source: str) -> Any:
    memo = _memo(response)
    if _JSON not in memo:
        try:
            memo[_JSON] = response.json()
        except ValueError:
            raise not_json(source) from None
    return memo[_JSON]


def parse_response(shape: Any, response: httpx.Response, source: str) -> Any:
    """The whole body validated into `shape` (a model, or e.g. `list[TaskPayload]`)."""
    memo = _memo(response)
    if shape not in memo:
        try:
            memo[shape] = adapter(shape).validate_json(response.content)
        except ValidationError as exc:
            if any(error["type"] == "json_invalid" for error in exc.errors()):
                raise not_json(source) from None
            raise bad_shape(exc, source) from None
    return memo[shape]


def parse(model: type[ModelT], data: Any, source: str) -> ModelT:
    """Validate upstream JSON into its payload model."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise bad_shape(exc, source) from None


def parse_as(shape: Any, data: Any, source: str) -> Any:
    """Like `parse`, for shapes that are not a single model (e.g. `list[TaskPayload]`)."""
    try:
        return adapter(shape).validate_python(data)
    except ValidationError as exc:
        raise bad_shape(exc, source) from None


@lru_cache(maxsize=256)
def adapter(shape: Any) -> TypeAdapter[Any]:
    """One adapter per shape: building one costs far more than validating with it."""
    return TypeAdapter(shape)


def not_json(source: str) -> UpstreamBadResponse:
    return UpstreamBadResponse(f"{source} answered with a body that is not JSON", source=source)


def bad_shape(exc: ValidationError, source: str) -> UpstreamBadResponse:
    # Input values may hold personal data or secrets: only the locations are reported.
    where = ", ".join(".".join(str(p) for p in err["loc"]) or "<root>" for err in exc.errors()[:3])
    return UpstreamBadResponse(
        f"{source} answered with an unexpected shape (at {where})", source=source
    )
