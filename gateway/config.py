"""The gateway's settings: `GATEWAY_` prefix, `__` between a section and its field."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from gateway.caching.settings import CacheSettings
from gateway.callers.settings import AuthSettings
from gateway.http.settings import UpstreamSettings
from gateway.limits.settings import RequestLimits
from gateway.live.settings import LiveSettings
from gateway.readiness import ReadinessSettings
from gateway.sources.registry import SourceSections
from gateway.state.settings import RedisUrl, StateSettings


class ConfigurationError(Exception):
    """Settings that cannot start the gateway; the message is one readable line per problem."""


SERVED_ACTIVITY_S = 30.0


class SandboxSettings(BaseModel):
    """The embedded simulators: where they are served and what data they hold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    mode: Literal["off", "loopback", "external", "in_process"] = Field(
        default="off",
        description="Where the simulators are: `off` (real upstreams only), `loopback` (over HTTP"
        " on this server's own port, under `/sandbox`), `external` (a `gateway sandbox` process"
        " at `EXTERNAL_URL`, shared by several workers) or `in_process` (httpx's ASGI transport,"
        " no sockets; the tests). `gateway serve` sets it from `--sandbox/--no-sandbox`.",
    )
    external_url: str = Field(
        default="http://127.0.0.1:8100",
        description="Where `external` reaches the simulators (each under `/<source>`);"
        " `gateway serve --workers N --sandbox` starts that process and sets it.",
    )
    loopback_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="This server's own address, where `loopback` reaches the simulators;"
        " `gateway serve` sets it from `--host` and `--port`.",
    )
    seed: int = Field(
        default=20261123, description="Seed of the sandbox data: the same seed, the same data."
    )
    size: int = Field(
        default=60,
        ge=1,
        le=5000,
        description="How much sandbox data: send tasks, inventory lists and catalog items each.",
    )
    activity_s: float | None = Field(
        default=None,
        ge=0,
        le=86_400,
        description="Sandbox seconds between two new Vionlabs tasks that automatic processing"
        " starts by itself, so live dashboards keep seeing events (0: none). Unset: 30 when"
        " `gateway serve --sandbox` or `gateway sandbox` serves the simulators, 0 in process.",
    )
    time_scale: float = Field(
        default=1.0,
        gt=0,
        description="How fast simulated work moves through its lifecycle and tokens expire"
        " (2 is twice as fast as the wall clock).",
    )


def sandbox_activity_s(sandbox: SandboxSettings, *, served: bool) -> float:
    """`activity_s`, or its default: on where people watch (a served sandbox), off in tests."""
    if sandbox.activity_s is not None:
        return sandbox.activity_s
    return SERVED_ACTIVITY_S if served else 0.0


class Settings(SourceSections, BaseSettings, RequestLimits):
    """Everything the gateway reads from its environment; upstream sections and limits inherited."""

    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_",
        env_nested_delimiter="__",
        extra="ignore",
        frozen=True,
    )

    environment: Literal["development", "production"] = Field(
        default="development",
        description="The profile; `production` is what a company runs: switches that help"
        " exploring (such as `X-Gateway-Debug`) are off there unless a setting turns them on.",
    )
    cors_origins: list[str] = Field(
        default=[],
        description="Browser origins allowed to call the gateway (CORS), e.g."
        ' `["https://ops.example.com"]`; empty: no cross-origin browser calls.',
    )
    graphiql: bool | None = Field(
        default=None,
        description="Serve GraphiQL at `GET /graphql`; unset: on outside production.",
    )
    introspection: bool | None = Field(
        default=None,
        description="Answer introspection (`__schema`, `__type`); unset: on outside production.",
    )
    suggestions: bool | None = Field(
        default=None,
        description='Keep "Did you mean …" hints in validation messages (they spell out the'
        " schema to a guesser); unset: on outside production.",
    )
    upstream_error_text: bool | None = Field(
        default=None,
        description="Forward an upstream's own error text in error messages; when off the message"
        " is the gateway's own (`xandr refused the request`), `upstreamCode` and `status` stay in"
        " `extensions` and the text goes to the log only. Unset: on outside production.",
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="Bearer token `GET /metrics` requires. Unset: `/metrics` is open outside"
        " production and not served in production.",
    )
    sandbox_user: str = Field(
        default="demo@example.com",
        description="The end user anonymous callers act as while authentication is off and every"
        " source is a simulator (`make run`); never used against a real upstream.",
    )
    debug_calls: bool | None = Field(
        default=None,
        description="Whether a request may ask (header `X-Gateway-Debug: calls`) for its upstream"
        " calls in `extensions`; unset: allowed outside production.",
    )
    request_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=600,
        description="Deadline of one GraphQL request: every upstream call, retry and wait fits"
        " inside it; what is not ready then is an `UPSTREAM_TIMEOUT` error beside the data.",
    )
    task_fetch_limit: int = Field(
        default=100,
        ge=1,
        le=200,
        description="How many tasks `tasks` and `taskSummary` read from each upstream: per"
        " inventory source for Interchange, per list type for Blueworks, per catalog item for"
        " Vionlabs.",
    )
    log_level: str = Field(
        default="INFO",
        description="Python log level: `DEBUG`, `INFO`, `WARNING` or `ERROR`. Secrets are never"
        " logged at any level.",
    )
    log_format: Literal["text", "json"] | None = Field(
        default=None,
        description="`json`: one JSON object per line (time, level, logger, message, request id,"
        " trace id and the event's fields); `text`: one readable line. Unset: `json` in"
        " production, `text` otherwise.",
    )
    metrics_operation_names: int = Field(
        default=100,
        ge=0,
        le=10000,
        description="How many distinct operation names get a label of their own in"
        " `gateway_graphql_request_seconds` (the first seen, once valid); the rest are counted"
        " as `other`, so clients cannot grow the metrics without bound.",
    )

    host: str = Field(
        default="127.0.0.1",
        description="Interface `gateway serve` listens on (`--host` wins); `0.0.0.0` in the"
        " container image.",
    )
    port: int = Field(
        default=8000, ge=1, le=65535, description="Port `gateway serve` listens on (`--port` wins)."
    )
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Worker processes `gateway serve` runs (`--workers` wins); about one per core."
        " Without `GATEWAY_REDIS_URL` each keeps its own tokens, budgets, limits and caches.",
    )
    shutdown_timeout_s: int = Field(
        default=10,
        ge=1,
        le=600,
        description="On SIGTERM, how long in-flight requests may still finish before the"
        " process closes its connections and upstream clients and exits.",
    )
    redis_url: RedisUrl | None = Field(
        default=None,
        description="Redis shared by every worker and replica (`redis://[:password@]host:port/db`,"
        " `rediss://` for TLS, or `unix://`): upstream tokens, login budgets, limits and caches"
        " hold for the whole fleet. Unset: each process keeps its own (docs/state.md).",
    )
    state: StateSettings = StateSettings()
    cache: CacheSettings = CacheSettings()
    auth: AuthSettings = AuthSettings()
    readiness: ReadinessSettings = ReadinessSettings()
    live: LiveSettings = LiveSettings()
    sandbox: SandboxSettings = SandboxSettings()

    @property
    def debug_calls_allowed(self) -> bool:
        return (
            self.debug_calls if self.debug_calls is not None else self.environment != "production"
        )

    def section(self, name: str) -> UpstreamSettings:
        section = getattr(self, name)
        assert isinstance(section, UpstreamSettings)
        return section

    def check_credentials(self, names: list[str]) -> None:
        """Refuse to start when a configured upstream lacks its credentials."""
        problems = [
            f"GATEWAY_{name.upper()}__{field.split(' ')[0].upper()}: required when "
            f"GATEWAY_{name.upper()}__BASE_URL is set (missing {field})"
            for name in names
            if self.section(name).configured
            for field in self.section(name).missing_credentials()
        ]
        if problems:
            raise ConfigurationError("; ".join(problems))


def load_settings(**overrides: object) -> Settings:
    """Read the environment, turning pydantic's report into one line per bad variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise ConfigurationError(describe_validation_error(exc)) from None
    except SettingsError as exc:
        # Raised before validation when a list or section variable is not JSON.
        raise ConfigurationError(
            f"{exc} (list values are JSON, e.g. GATEWAY_CORS_ORIGINS='[\"https://a.example\"]')"
        ) from None


def describe_validation_error(exc: ValidationError) -> str:
    lines = []
    for err in exc.errors(include_input=False, include_url=False):
        var = "GATEWAY_" + "__".join(str(part).upper() for part in err["loc"])
        lines.append(f"{var}: {err['msg']}")
    return "; ".join(lines)
