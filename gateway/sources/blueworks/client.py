"""The IBM Blueworks Live client: WorkList and WorkDetail, on behalf of one user at a time."""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any, Literal

import httpx

from gateway.caching.entities import EntityKind, ModelCodec, entity_cache
from gateway.errors import (
    Forbidden,
    GatewayError,
    NotFound,
    UpstreamBadResponse,
    UpstreamCredentialsRejected,
    UpstreamRejected,
    UpstreamUnauthenticated,
)
from gateway.http import Token, TokenAuth, TokenSharing, UpstreamHTTP, bearer
from gateway.http.routes import RoutePath
from gateway.sources.blueworks.errors import UnauthenticatedCaller
from gateway.sources.blueworks.payloads import (
    TokenPayload,
    WorkDetailDocumentPayload,
    WorkDetailPayload,
    WorkListPayload,
)
from gateway.sources.blueworks.settings import BlueworksSettings
from gateway.state import StateStore

logger = logging.getLogger(__name__)

SOURCE = "blueworks"
API = "/scr/api"
# The only legal value of the mandatory `version` parameter (reference: Quirks).
VERSION = "20110917"
REDIRECTS = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 3

WorkType = Literal["open", "closed"]


class BlueworksClient:
    """Typed calls to `/scr/api`; returns payload models, never GraphQL types.

    Redirects are followed here rather than by httpx: the login host answers 301 with the
    account's host (reference: Base URL), and httpx drops `Authorization` on a redirect to
    another origin. The client re-sends the call itself (through its auth) and remembers the
    account host, so later calls go straight there.
    """

    def __init__(
        self, http: UpstreamHTTP, settings: BlueworksSettings, store: StateStore | None = None
    ) -> None:
        self.http = http
        self.settings = settings
        self.entities = entity_cache(store)
        self.details: EntityKind[WorkDetailPayload] = EntityKind(
            "blueworks.work_detail",
            SOURCE,
            ModelCodec(WorkDetailPayload),
            settings.work_detail_cache_ttl_s,
        )
        # The account host's base URL once a redirect named it; None: still the login host.
        self.account_base: str | None = None
        # (when, whether) the Service ID itself was last found refused for this API.
        self._credential_verdict: tuple[float, bool] | None = None

    async def aclose(self) -> None:
        await self.http.aclose()

    async def list_work(
        self, user: str | None, work_type: WorkType, *, start_from: int, limit: int
    ) -> WorkListPayload:
        params = {
            "type": work_type,
            "version": VERSION,
            "startFrom": str(start_from),
            "limit": str(min(limit, self.settings.page_size_cap)),
        }
        response = await self._acting("GET", f"{API}/WorkList", params, self.on_behalf_of(user))
        return self.http.parse_response(WorkListPayload, response)

    async def get_work_detail(self, user: str | None, work_id: str) -> WorkDetailPayload | None:
        """One instance's detail; None when the upstream has no such instance for this user.

        Kept per user for `WORK_DETAIL_CACHE_TTL_S`: Blueworks answers per user.
        """
        headers = self.on_behalf_of(user)

        async def fetch(ids: Sequence[str]) -> dict[str, WorkDetailPayload]:
            params = {"workId": work_id, "version": VERSION}
            try:
                response = await self._acting("GET", f"{API}/WorkDetail", params, headers)
            except NotFound:
                return {}
            document = self.http.parse_response(WorkDetailDocumentPayload, response)
            return {work_id: document.work}

        # The acting user as Blueworks sees it: the header, or the User Service ID's own.
        caller = headers.get("X-On-Behalf-Of", "")
        found = await self.entities.through(self.details, [work_id], fetch, caller=caller)
        return found.get(work_id)

    async def probe(self) -> None:
        """Readiness: the token, then the smallest WorkList the Service ID may ask for itself.

        An account-level Service ID acts only on behalf of a user, and a probe has none: its
        WorkList without `X-On-Behalf-Of` is a 400, which still proves the token was accepted
        (a refused token is a 401, a wrong category a 403, before the header is looked at).
        """
        params = {"type": "open", "version": VERSION, "startFrom": "0", "limit": "1"}
        accepted = frozenset({400}) if self.settings.service_id_kind == "account" else frozenset()
        try:
            await self.send("GET", f"{API}/WorkList", params=params, ok_statuses=accepted)
        except Forbidden:
            raise credentials_rejected() from None

    async def _acting(
        self, method: str, path: str, params: dict[str, str], headers: dict[str, str]
    ) -> httpx.Response:
        """A call for a user; a 403 is told apart: the gateway's credential, or the user."""
        try:
            return await self.send(method, path, params=params, headers=headers)
        except Forbidden:
            if self.settings.service_id_kind == "user" or await self._credential_refused():
                raise credentials_rejected() from None
            raise

    async def _credential_refused(self) -> bool:
        """Whether the Service ID itself is refused; asked with the probe, once a minute at most.

        Blueworks answers 403 alike for a Service ID outside the Work Management category, API
        access turned off, and a user who may not use the API (reference: Errors), with no body
        to tell them apart. Without `X-On-Behalf-Of`, only the first two still answer 403.
        """
        now = time.monotonic()
        if self._credential_verdict is not None and now - self._credential_verdict[0] < 60:
            return self._credential_verdict[1]
        try:
            await self.probe()
            refused = False
        except UpstreamCredentialsRejected:
            refused = True
        except GatewayError:
            return False
        self._credential_verdict = (now, refused)
        return refused

    def on_behalf_of(self, user: str | None) -> dict[str, str]:
        """`X-On-Behalf-Of` for an account-level Service ID; a User Service ID acts as itself."""
        if self.settings.service_id_kind == "user":
            return {}
        if not user:
            raise UnauthenticatedCaller(
                "Blueworks Live needs to know who is asking: the request names no user",
                source=SOURCE,
            )
        return {"X-On-Behalf-Of": user}

    async def fetch_token(self) -> Token:
        assert self.settings.client_id and self.settings.client_secret is not None
        form = {
            "grant_type": "client_credentials",
            "client_id": self.settings.client_id,
            "client_secret": self.settings.client_secret.get_secret_value(),
        }
        try:
            response = await self.send(
                "POST",
                "/oauth/token",
                data=form,
                authenticated=False,
                headers={"Accept": "application/json"},
            )
        except (UpstreamRejected, UpstreamUnauthenticated, Forbidden):
            raise UpstreamUnauthenticated(
                f"{SOURCE} refused the gateway's client credentials", source=SOURCE
            ) from None
        token = self.http.parse(TokenPayload, self.http.read_json(response))
        return Token.lasting(token.access_token, token.expires_in)

    async def send(
        self, method: str, path: str, ok_statuses: frozenset[int] = frozenset(), **kwargs: Any
    ) -> httpx.Response:
        """One call, sent to the account host once known, following its redirects by hand."""
        # The template is the path alone: the account host is no part of the route.
        url = RoutePath(f"{self.account_base}{path}" if self.account_base else path, path)
        for _ in range(MAX_REDIRECTS + 1):
            response = await self.http.request(
                method, url, ok_statuses=REDIRECTS | ok_statuses, **kwargs
            )
            if response.status_code not in REDIRECTS:
                return response
            url = RoutePath(self._redirect_target(response, path), path)
        raise UpstreamBadResponse(f"{SOURCE} redirected too many times", source=SOURCE)

    def _trusted_host(self, host: str) -> bool:
        """The configured host, or a sibling under its parent domain (www. -> us001.)."""
        configured = httpx.URL(str(self.settings.base_url)).host
        _, _, parent = configured.partition(".")
        domain = parent if "." in parent else configured
        return host == configured or host.endswith(f".{domain}")

    def _redirect_target(self, response: httpx.Response, path: str) -> str:
        location = response.headers.get("location")
        if not location:
            raise UpstreamBadResponse(f"{SOURCE} redirected without a Location", source=SOURCE)
        origin = response.request.url
        target = origin.join(location).copy_with(query=None)
        # The bearer token (and, for /oauth/token, the client secret) goes along: never to a
        # downgraded scheme, nor to a host outside the configured one's domain.
        if target.scheme not in (origin.scheme, "https"):
            raise UpstreamBadResponse(
                f"{SOURCE} redirected to a {target.scheme} URL; not followed", source=SOURCE
            )
        if not self._trusted_host(target.host):
            raise UpstreamBadResponse(
                f"{SOURCE} redirected to another domain ({target.host}); not followed",
                source=SOURCE,
            )
        if target.path.endswith(path):
            base = str(target.copy_with(path=target.path[: -len(path)] or "/")).rstrip("/")
            if base != self.account_base:
                logger.info("%s: account host is %s", SOURCE, base)
                self.account_base = base
        # The original parameters are sent again, so the Location's query is not needed.
        return str(target)


def credentials_rejected() -> UpstreamCredentialsRejected:
    return UpstreamCredentialsRejected(
        f"{SOURCE} refused the gateway's Service ID for WorkList: its API access is off or it is"
        " not in the Work Management category (GATEWAY_BLUEWORKS__CLIENT_ID)",
        source=SOURCE,
    )


def open_client(
    settings: BlueworksSettings,
    transport: httpx.AsyncBaseTransport | None,
    store: StateStore | None = None,
) -> BlueworksClient:
    http = UpstreamHTTP(
        SOURCE, settings, transport=transport, headers={"Accept": "application/json"}
    )
    client = BlueworksClient(http, settings, store)
    sharing = None
    if store is not None:
        sharing = TokenSharing.for_account(store, SOURCE, settings, settings.client_id or "")
    http.auth = TokenAuth(client.fetch_token, bearer, sharing=sharing)
    return client
