"""The limbo/Beat JSON:API documents, exactly as the wire has them (dash-case attributes)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator


def dash(name: str) -> str:
    return name.replace("_", "-")


class _Wire(BaseModel):
    model_config = ConfigDict(alias_generator=dash, populate_by_name=True, extra="ignore")


class SendTaskAttributesPayload(_Wire):
    deliverable: bool
    delivery_type: str
    # Verbatim wire value; `procesing` (sic) is the real spelling.
    status: str
    priority: str | None = None
    # "YYYY-MM-DD HH:MM:SS", no zone.
    send_date: str | None = None
    batch_id: str | None = None
    ack_status_message: Any = None
    sent_at: str | None = None
    packaged_by: str | None = None
    sent_by: str | None = None
    message_id: str | None = None
    # 17 digits (yyyyMMddHHmmssSSS) in reads, a UUID in create/patch answers.
    sent_on: str | None = None
    created_by: str | None = None
    sent_on_behalf_of_name: str | None = None
    sent_on_behalf_of_dpid: str | None = None
    created_at: datetime
    updated_at: datetime


class ResourceIdentifierPayload(_Wire):
    type: str
    id: str

    @field_validator("id", mode="before")
    @classmethod
    def _id_as_string(cls, value: object) -> object:
        # Path ids are documented as numbers; resource ids arrive as strings. Accept both.
        return str(value) if isinstance(value, int) else value


class RelationshipPayload(_Wire):
    data: ResourceIdentifierPayload | None = None
    links: dict[str, str] = {}


class SendTaskPayload(ResourceIdentifierPayload):
    attributes: SendTaskAttributesPayload
    relationships: dict[str, RelationshipPayload] = {}
    # Related resources a compound document (`include=`) carried, by relationship name.
    _included: dict[str, BaseModel] = PrivateAttr(default_factory=dict)

    def related_id(self, name: str) -> str | None:
        """The linked resource's id when the answer carries resource linkage (`data`)."""
        relationship = self.relationships.get(name)
        return relationship.data.id if relationship and relationship.data else None

    def included(self, name: str) -> BaseModel | None:
        """The related resource itself, when the answer was a compound document."""
        return self._included.get(name)

    def attach(self, name: str, resource: BaseModel) -> None:
        self._included[name] = resource


class ProductAttributesPayload(_Wire):
    name: str | None = None
    upc_code: str | None = None
    # "YYYY-MM-DD".
    release_date: str | None = None
    front_cover: str | None = None
    copyright_line: str | None = None
    production_line: str | None = None
    production_year: int | None = None
    # `draft` -> `active`; a send task needs `active` (reference: Related resources).
    status: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @field_validator("upc_code", mode="before")
    @classmethod
    def _upc_as_string(cls, value: object) -> object:
        # A UPC is a code, not a number: keep leading zeros even if sent as an integer.
        return str(value) if isinstance(value, int) else value


class ProductPayload(ResourceIdentifierPayload):
    attributes: ProductAttributesPayload


class DspOptionPayload(_Wire):
    name: str
    label: str | None = None
    hint: str | None = None
    format: str | None = None
    type: str | None = None
    value: Any = None


class DspUploadIdentificationAttributesPayload(_Wire):
    dsp_name: str | None = None
    options: list[DspOptionPayload] = []
    created_at: datetime | None = None
    updated_at: datetime | None = None


class DspUploadIdentificationPayload(ResourceIdentifierPayload):
    attributes: DspUploadIdentificationAttributesPayload


class RelationshipDocumentPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    data: ResourceIdentifierPayload | None


class PageMetaPayload(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    current_page: int = Field(alias="currentPage")
    from_: int | None = Field(default=None, alias="from")
    last_page: int = Field(alias="lastPage")
    per_page: int = Field(alias="perPage")
    to: int | None = None
    total: int


class CollectionMetaPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    page: PageMetaPayload


class SendTaskPagePayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    data: list[SendTaskPayload]
    meta: CollectionMetaPayload
    # A compound document's related resources (`include=`), each read by its `type` later.
    included: list[dict[str, Any]] | None = None


class SendTaskDocumentPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    data: SendTaskPayload
    included: list[dict[str, Any]] | None = None


class ProductPagePayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    data: list[ProductPayload]


class DspUploadIdentificationPagePayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    data: list[DspUploadIdentificationPayload]


class ErrorSourcePayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    pointer: str | None = None
    parameter: str | None = None


class ErrorObjectPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    status: str | None = None
    title: str | None = None
    detail: str | None = None
    code: str | None = None
    source: ErrorSourcePayload | None = None

    @field_validator("status", mode="before")
    @classmethod
    def _status_as_string(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value


class ErrorDocumentPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    errors: list[ErrorObjectPayload]


class TokenPayload(BaseModel):
    model_config = ConfigDict(extra="ignore")

    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - a token kind, not a secret
    expires_in: float | None = None
