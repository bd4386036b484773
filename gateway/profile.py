"""The production profile: which exploring aids are on, and which settings refuse to start.

Each switch is a setting whose unset value means "on in development, off in production", so a
production deployment is locked down by `GATEWAY_ENVIRONMENT=production` alone and re-enables
an aid only by naming it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from gateway.config import Settings
from gateway.logs import LogFormat

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Profile:
    production: bool
    graphiql: bool
    introspection: bool
    # "Did you mean …" in validation messages: they spell out the schema to a guesser.
    suggestions: bool
    debug_calls: bool
    # Whether an upstream's own error text reaches the client (it may name internals).
    upstream_error_text: bool
    # /metrics without a token on the main port.
    open_metrics: bool
    # JSON lines for a log pipeline in production, readable lines on a terminal.
    log_format: LogFormat


def profile_of(settings: Settings) -> Profile:
    production = settings.environment == "production"

    def switch(value: bool | None) -> bool:
        return value if value is not None else not production

    return Profile(
        production=production,
        graphiql=switch(settings.graphiql),
        introspection=switch(settings.introspection),
        suggestions=switch(settings.suggestions),
        debug_calls=settings.debug_calls_allowed,
        upstream_error_text=switch(settings.upstream_error_text),
        open_metrics=not production and settings.metrics_token is None,
        log_format=settings.log_format or ("json" if production else "text"),
    )


def startup_problems(settings: Settings) -> list[str]:
    """Unsafe or contradictory combinations, one line each; checked once by `create_app`."""
    production = settings.environment == "production"
    problems = settings.auth.problems(production=production) + settings.limit_problems()
    if production and settings.sandbox.mode in ("loopback", "external"):
        problems.append(
            f"GATEWAY_SANDBOX__MODE={settings.sandbox.mode}: the simulators (and their fault "
            "switches) are never served in production; drop --sandbox"
        )
    return problems


def announce(settings: Settings) -> None:
    """Warn, at every start, about what production runs with on purpose but unsafely."""
    if settings.environment != "production":
        return
    if settings.sandbox.mode == "in_process":
        # Tests of the production profile; /sandbox is not mounted, but the data is simulated.
        logger.warning("production with in-process simulated upstreams: for tests only")
    if settings.auth.off:
        logger.warning(
            "authentication is off (GATEWAY_AUTH__MODE=none): every caller is anonymous and "
            "holds every scope"
        )
    if settings.auth.trust_development_key:
        logger.warning(
            "GATEWAY_AUTH__TRUST_DEVELOPMENT_KEY=true: tokens signed with the public "
            "development key are accepted"
        )
    profile = profile_of(settings)
    aids = ("graphiql", "introspection", "suggestions", "debug_calls", "upstream_error_text")
    enabled = [name for name in aids if getattr(profile, name)]
    if enabled:
        logger.warning("production profile with %s re-enabled", ", ".join(enabled))
