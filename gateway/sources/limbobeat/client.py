"""The limbo/Beat distribution API client: send tasks, read through JSON:API."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from gateway.auth import Token, TokenAuth, bearer
from gateway.errors import UpstreamRejected, UpstreamUnauthenticated
from gateway.http import UpstreamHTTP
from gateway.sources.limbobeat.errors import decode_error
from gateway.sources.limbobeat.payloads import (
    SendTaskDocumentPayload,
    SendTaskPagePayload,
    SendTaskPayload,
    TokenPayload,
)
from gateway.sources.limbobeat.settings import LimbobeatSettings

SOURCE = "limbobeat"
API = "/api/v1"
JSON_API = "application/vnd.api+json"


@dataclass(frozen=True)
class SendTaskFilter:
    """The collection filters the upstream documents; None or empty means not filtered."""

    ids: Sequence[str] = ()
    product_id: str | None = None
    statuses: Sequence[str] = ()
    delivery_type: str | None = None
    dsp_upload_identification_id: str | None = None
    created_at_gte: str | None = None
    created_at_lte: str | None = None

    def params(self) -> dict[str, str]:
        pairs = {
            "filter[id]": ",".join(self.ids),
            "filter[product-id]": self.product_id,
            "filter[status]": ",".join(self.statuses),
            "filter[delivery-type]": self.delivery_type,
            "filter[dsp-upload-identification-id]": self.dsp_upload_identification_id,
            "filter[created-at-gte]": self.created_at_gte,
            "filter[created-at-lte]": self.created_at_lte,
        }
        return {k: v for k, v in pairs.items() if v}


class LimbobeatClient:
    """Typed calls to `/api/v1`; returns payload models, never GraphQL types."""

    def __init__(self, http: UpstreamHTTP, settings: LimbobeatSettings) -> None:
        self.http = http
        self.settings = settings

    async def aclose(self) -> None:
        await self.http.aclose()

    async def list_send_tasks(
        self, filter: SendTaskFilter, *, page_number: int, page_size: int
    ) -> SendTaskPagePayload:
        params = filter.params() | {
            "page[number]": str(page_number),
            "page[size]": str(min(page_size, self.settings.page_size_cap)),
        }
        response = await self.http.request("GET", f"{API}/send-tasks", params=params)
        return self.http.parse(SendTaskPagePayload, self.http.read_json(response))

    async def get_send_tasks(self, ids: Sequence[str]) -> list[SendTaskPayload]:
        """Batch lookup through `filter[id]`; unknown ids are simply absent from the answer."""
        pages = [
            ids[i : i + self.settings.page_size_cap]
            for i in range(0, len(ids), self.settings.page_size_cap)
        ]
        results = await asyncio.gather(*(self._get_page_of_ids(chunk) for chunk in pages))
        return [task for page in results for task in page]

    async def _get_page_of_ids(self, ids: Sequence[str]) -> list[SendTaskPayload]:
        params = {"filter[id]": ",".join(ids), "page[size]": str(len(ids)), "page[number]": "1"}
        response = await self.http.request(
            "GET", f"{API}/send-tasks", params=params, batch_size=len(ids)
        )
        return self.http.parse(SendTaskPagePayload, self.http.read_json(response)).data

    async def get_send_task(self, task_id: str) -> SendTaskPayload:
        response = await self.http.request("GET", f"{API}/send-tasks/{task_id}")
        return self.http.parse(SendTaskDocumentPayload, self.http.read_json(response)).data


def _password_grant(http: UpstreamHTTP, settings: LimbobeatSettings) -> TokenAuth:
    async def fetch() -> Token:
        assert settings.email and settings.password is not None
        body = {
            "grant_type": "password",
            # The upstream's grant takes `email`, not `username` (reference: Authentication).
            "email": settings.email,
            "password": settings.password.get_secret_value(),
        }
        try:
            response = await http.request(
                "POST",
                "/oauth/token",
                json=body,
                authenticated=False,
                headers={"Content-Type": "application/json", "Accept": "application/json"},
            )
        except (UpstreamRejected, UpstreamUnauthenticated):
            raise UpstreamUnauthenticated(
                f"{SOURCE} refused the gateway's email and password", source=SOURCE
            ) from None
        token = http.parse(TokenPayload, http.read_json(response))
        return Token.lasting(token.access_token, token.expires_in)

    return TokenAuth(fetch, bearer)


def open_client(
    settings: LimbobeatSettings, transport: httpx.AsyncBaseTransport | None
) -> LimbobeatClient:
    http = UpstreamHTTP(
        SOURCE,
        settings,
        transport=transport,
        decode_error=decode_error,
        # Documented as required on every call, GET included (reference: Headers).
        headers={"Content-Type": JSON_API, "Accept": JSON_API},
    )
    if settings.token is not None:
        static = settings.token.get_secret_value()

        async def fetch_static() -> Token:
            return Token(static)

        http.auth = TokenAuth(fetch_static, bearer)
    else:
        http.auth = _password_grant(http, settings)
    return LimbobeatClient(http, settings)
