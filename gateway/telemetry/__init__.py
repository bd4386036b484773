"""Traces, request ids and what logs and metrics learn about each request (docs/observability.md).

`request` holds the per-request record and the `note_…` functions other parts call; `middleware`
gives every HTTP request its id, and every GraphQL request its span, log line and metrics;
`connections` gives each WebSocket connection its record and its line when it closes;
`tracing` reads the standard `OTEL_*` variables and makes the upstream calls' spans;
`operations` bounds operation names as metric labels; `redaction` keeps secrets out of the log.
The metric definitions themselves live in `gateway.metrics`, the log set-up in `gateway.logs`.
"""

from __future__ import annotations

import os

from pydantic import BaseModel

from gateway.telemetry.middleware import TelemetryMiddleware
from gateway.telemetry.operations import OperationNames
from gateway.telemetry.redaction import otel_header_values, remember, secrets_in
from gateway.telemetry.request import current_request, note_caller, note_cost, note_error_code
from gateway.telemetry.tracing import Tracing, TracingConfigError


def remember_secrets(*models: BaseModel) -> None:
    """Never log a secret these settings hold, nor the tracing exporter's headers."""
    for model in models:
        remember(*secrets_in(model))
    remember(*otel_header_values(os.environ))


__all__ = [
    "OperationNames",
    "TelemetryMiddleware",
    "Tracing",
    "TracingConfigError",
    "current_request",
    "note_caller",
    "note_cost",
    "note_error_code",
    "remember",
    "remember_secrets",
]
