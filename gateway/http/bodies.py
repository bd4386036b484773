"""Reading an upstream's body into its payload model; a report names fields, never values."""

from __future__ import annotations

from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from gateway.errors import UpstreamBadResponse

ModelT = TypeVar("ModelT", bound=BaseModel)


def read_json(response: httpx.Response, source: str) -> Any:
    try:
        return response.json()
    except ValueError:
        raise UpstreamBadResponse(
            f"{source} answered with a body that is not JSON", source=source
        ) from None


def parse(model: type[ModelT], data: Any, source: str) -> ModelT:
    """Validate upstream JSON into its payload model."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise bad_shape(exc, source) from None


def parse_as(shape: Any, data: Any, source: str) -> Any:
    """Like `parse`, for shapes that are not a single model (e.g. `list[TaskPayload]`)."""
    try:
        return TypeAdapter(shape).validate_python(data)
    except ValidationError as exc:
        raise bad_shape(exc, source) from None


def bad_shape(exc: ValidationError, source: str) -> UpstreamBadResponse:
    # Input values may hold personal data or secrets: only the locations are reported.
    where = ", ".join(".".join(str(p) for p in err["loc"]) or "<root>" for err in exc.errors()[:3])
    return UpstreamBadResponse(
        f"{source} answered with an unexpected shape (at {where})", source=source
    )
