"""What one request may cost: the limits' settings and the per-caller rate limiter.

The document limits and the cost estimate are schema extensions (`schema/graph/limits/`); the HTTP
side (body size, batching, persisted documents) is `gateway/web/`; slow clients are refused by
the server itself (`gateway/server/`). docs/limits.md lists every limit.
"""
