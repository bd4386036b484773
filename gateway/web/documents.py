"""Persisted documents: automatic persisted queries (Apollo's protocol) and trusted documents.

APQ: a client sends `extensions.persistedQuery.sha256Hash` alone; on a miss the answer is the
error `PersistedQueryNotFound` (code `PERSISTED_QUERY_NOT_FOUND`), Apollo's `PersistedQueryLink`
resends the hash with the text, the gateway checks the hash against the text, runs it, and keeps
it (in the state store: per process, or fleet-wide with Redis) for the next time.

Trusted documents: a manifest of id to text, loaded at start, served by id (`documentId`, Relay's
`doc_id`, or an APQ hash) in every mode; with `GATEWAY_TRUSTED_DOCUMENTS=required` nothing else
runs and APQ registers nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphql import GraphQLError
from strawberry.types import ExecutionResult

from gateway.limits.settings import RequestLimits
from gateway.state import StateStore
from gateway.web.refusals import HTTPRefusal
from gateway.web.requests import OperationRequest

SHA256_PREFIX = "sha256:"


class ManifestError(ValueError):
    """The trusted documents manifest cannot be used; the message is one line naming the file."""


@dataclass(frozen=True)
class Manifest:
    """Document id to text, as GraphQL Code Generator's client preset and Relay write them."""

    by_id: Mapping[str, str]
    texts: frozenset[str]

    @classmethod
    def load(cls, path: Path) -> Manifest:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ManifestError(f"{path}: cannot be read as JSON ({exc})") from None
        if not isinstance(data, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in data.items()
        ):
            raise ManifestError(f"{path}: must be a JSON object of document id to document text")
        return cls(by_id=data, texts=frozenset(data.values()))

    def find(self, document_id: str) -> str | None:
        """The text of an id, with or without the `sha256:` prefix the draft spec uses."""
        bare = document_id.removeprefix(SHA256_PREFIX)
        for key in (document_id, bare, SHA256_PREFIX + bare):
            if key in self.by_id:
                return self.by_id[key]
        return None


def refused(message: str, code: str) -> ExecutionResult:
    """An operation answered without running: a request error (no `data`)."""
    return ExecutionResult(data=None, errors=[GraphQLError(message, extensions={"code": code})])


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


class Documents:
    """Turns an operation's id or hash into its text, or into the error the client expects."""

    def __init__(
        self,
        *,
        store_of: Callable[[], StateStore],
        apq: bool,
        ttl_s: float,
        manifest: Manifest | None,
        required: bool,
    ) -> None:
        # The store is opened by the app's lifespan, after this object is made.
        self._store_of = store_of
        self.apq = apq
        self.ttl_s = ttl_s
        self.manifest = manifest
        self.required = required

    def _store(self) -> StateStore:
        return self._store_of().namespace("apq")

    async def resolve(self, op: OperationRequest) -> str | ExecutionResult | None:
        """The text to run (None: the request had none), or the error that answers it."""
        persisted = (op.extensions or {}).get("persistedQuery")
        if persisted is not None:
            return await self._by_hash(_apq_hash(persisted), op.query)
        if op.document_id is not None:
            if op.query is not None:
                raise HTTPRefusal(400, "Send either `documentId` or `query`, not both")
            return await self._by_id(op.document_id)
        return self._text(op.query)

    async def executed(self, op: OperationRequest, text: str | None, request_error: bool) -> None:
        """Keeps an APQ registration once its text validated and ran."""
        persisted = (op.extensions or {}).get("persistedQuery")
        if persisted is None or op.query is None or text is None or request_error:
            return
        if self.apq and not self.required:
            await self._store().set(_apq_hash(persisted), text.encode(), ttl_s=self.ttl_s)

    async def _by_hash(self, digest: str, query: str | None) -> str | ExecutionResult | None:
        if query is not None:
            if sha256(query) != digest:
                raise HTTPRefusal(400, "provided sha does not match query")
            return self._text(query)
        return await self._by_id(digest)

    async def _by_id(self, document_id: str) -> str | ExecutionResult:
        listed = self.manifest.find(document_id) if self.manifest else None
        if listed is not None:
            return listed
        if self.required:
            message = f"{document_id} is not a trusted document"
            return refused(message, "PERSISTED_QUERY_NOT_IN_LIST")
        if not self.apq:
            return refused("PersistedQueryNotSupported", "PERSISTED_QUERY_NOT_SUPPORTED")
        stored = await self._store().get(document_id.removeprefix(SHA256_PREFIX))
        if stored is None:
            return refused("PersistedQueryNotFound", "PERSISTED_QUERY_NOT_FOUND")
        return stored.decode()

    def _text(self, query: str | None) -> str | ExecutionResult | None:
        if self.required and query is not None:
            assert self.manifest is not None, "start-up refuses `required` without a manifest"
            if query not in self.manifest.texts:
                return refused(
                    "Only trusted documents run here; send a document id", "QUERY_NOT_IN_SAFELIST"
                )
        return query


def _apq_hash(persisted: Any) -> str:
    if not isinstance(persisted, dict) or persisted.get("version") != 1:
        raise HTTPRefusal(400, "Unsupported persisted query version (only version 1)")
    digest = persisted.get("sha256Hash")
    if not isinstance(digest, str) or len(digest) != 64:
        raise HTTPRefusal(400, "`persistedQuery.sha256Hash` must be a SHA-256 in hex")
    return digest.lower()


def documents_for(store_of: Callable[[], StateStore], settings: RequestLimits) -> Documents:
    """The `Documents` of the settings; raises `ManifestError` for an unusable manifest."""
    path = settings.trusted_documents_manifest
    return Documents(
        store_of=store_of,
        apq=settings.apq,
        ttl_s=settings.apq_ttl_s,
        manifest=Manifest.load(path) if path is not None else None,
        required=settings.trusted_documents == "required",
    )
