"""Caches across requests: parsed documents, in-flight reads, entities and responses.

Settings in `settings` (`GATEWAY_CACHE__*`); docs/performance.md is the guide.
"""
