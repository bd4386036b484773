"""`CallBudget`: the runtime safety net under the cost estimate, a cap on one request's calls.

A `CallGuard` of the request's `RequestScope` (gateway.http.request_scope), asked before every
upstream call and retry. Token fetches are not counted (they serve every request). One budget
spans every operation of a batch.
"""

from __future__ import annotations

from gateway.errors import GatewayError, UpstreamCallBudgetExceeded
from gateway.http.request_scope import RequestScope


class CallBudget:
    """Admits `max_calls` upstream calls (retries included), then refuses every further one."""

    def __init__(self, max_calls: int) -> None:
        self.max_calls = max_calls
        self.used = 0

    def admit(self, scope: RequestScope, source: str, *, retry: bool) -> GatewayError | None:
        if self.used >= self.max_calls:
            return UpstreamCallBudgetExceeded(
                f"{source} was not called: this request has made its {self.max_calls} upstream"
                " calls (GATEWAY_MAX_UPSTREAM_CALLS)",
                source=source,
                limit={"name": "upstreamCalls", "max": self.max_calls, "found": self.used},
            )
        self.used += 1
        return None
