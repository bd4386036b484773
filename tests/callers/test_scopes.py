"""Scopes: declared on every root field, refused with FORBIDDEN before any upstream call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gateway.callers.api_keys import entry_for
from gateway.callers.scopes import SCOPES, WRITE_SCOPES, ScopesExtension
from gateway.callers.settings import AuthSettings
from schema import build_schema
from tests.callers.helpers import SEND_TASKS
from tests.conftest import Gateway, MakeGateway, as_user, calls, sandbox_settings

DELETE_LIST = """
mutation { deleteInventoryList(input: {id: "SW52ZW50b3J5TGlzdDozOTA0"}) {
  deletedId userErrors { field code }
} }
"""
CREATE_SEND_TASK = """
mutation {
  createSendTask(input: {productUpstreamId: "100", dspUploadIdentificationUpstreamId: "1877",
                         deliveryType: DELIVERY, deliverable: false}) {
    sendTask { upstreamId } userErrors { code }
  }
}
"""
READER_KEY = "gwk_reader-0123456789abcdefghijklmnopqrstuvwxyzABCD"
NO_SCOPES_KEY = "gwk_nothing-0123456789abcdefghijklmnopqrstuvwxyzAB"


def test_every_root_field_declares_its_scopes() -> None:
    schema = build_schema()
    for root in ("Query", "Mutation"):
        definition = schema.get_type_by_name(root)
        assert definition is not None
        for field in definition.fields:  # type: ignore[union-attr]
            assert any(isinstance(e, ScopesExtension) for e in field.extensions), (
                f"{root}.{field.name} declares no scopes (use extensions=requires(...))"
            )


def forbidden(body: dict[str, Any]) -> tuple[str, list[str]]:
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert calls(body) == []
    return error["message"], error["extensions"]["missingScopes"]


async def test_reading_without_work_read_is_forbidden_naming_the_scope(gateway: Gateway) -> None:
    body = await gateway.gql(SEND_TASKS, headers=as_user("kim.novak@example.com", "work:write"))
    assert body["data"] == {"sendTasks": None}
    assert forbidden(body) == ("this field needs the scope work:read", ["work:read"])


async def test_a_mutation_needs_its_sources_write_scope(gateway: Gateway) -> None:
    reader = as_user("kim.novak@example.com", "work:read")
    body = await gateway.gql(CREATE_SEND_TASK, headers=reader)
    assert forbidden(body) == (
        "this field needs the scope limbobeat:write (work:write includes it)",
        ["limbobeat:write"],
    )


async def test_a_source_write_scope_allows_that_source_only(gateway: Gateway) -> None:
    sender = as_user("kim.novak@example.com", "work:read", "limbobeat:write")
    created = await gateway.gql(CREATE_SEND_TASK, headers=sender)
    assert created["data"]["createSendTask"]["userErrors"] == []
    body = await gateway.gql(DELETE_LIST, headers=sender)
    assert forbidden(body)[1] == ["xandr:write"]


async def test_work_write_includes_every_source_write(gateway: Gateway) -> None:
    operator = as_user("kim.novak@example.com", "work:write")
    body = await gateway.gql(DELETE_LIST, headers=operator)
    deleted = {"deletedId": "SW52ZW50b3J5TGlzdDozOTA0", "userErrors": []}
    assert body["data"]["deleteInventoryList"] == deleted


async def test_one_refused_field_leaves_the_others_of_the_operation(gateway: Gateway) -> None:
    both = (
        'mutation { a: deleteInventoryList(input: {id: "SW52ZW50b3J5TGlzdDozOTA1"}) { deletedId } '
        + (CREATE_SEND_TASK.strip()[len("mutation {") : -1] + "}")
    )
    body = await gateway.gql(both, headers=as_user("kim.novak@example.com", "xandr:write"))
    assert body["data"]["a"] == {"deletedId": "SW52ZW50b3J5TGlzdDozOTA1"}
    assert body["data"]["createSendTask"] is None
    (error,) = body["errors"]
    assert error["path"] == ["createSendTask"]
    assert {c["source"] for c in calls(body)} == {"xandr"}


@pytest.fixture
async def keyed(make_gateway: MakeGateway, tmp_path: Path) -> Gateway:
    entries = [
        entry_for(READER_KEY, "reader", ["work:read"], None),
        entry_for(NO_SCOPES_KEY, "nothing", [], None),
    ]
    path = tmp_path / "keys.json"
    path.write_text(json.dumps({"keys": [e.model_dump() for e in entries]}))
    gw: Gateway = await make_gateway(sandbox_settings(auth=AuthSettings(api_keys_file=path)))
    return gw


async def test_an_api_key_with_work_read_reads_and_cannot_write(keyed: Gateway) -> None:
    read = await keyed.gql(SEND_TASKS, headers={"X-API-Key": READER_KEY})
    assert read["data"]["sendTasks"]["totalCount"] > 0
    write = await keyed.gql(DELETE_LIST, headers={"X-API-Key": READER_KEY})
    assert forbidden(write)[1] == ["xandr:write"]


async def test_an_api_key_without_scopes_is_authenticated_but_may_run_nothing(
    keyed: Gateway,
) -> None:
    body = await keyed.gql(SEND_TASKS, headers={"X-API-Key": NO_SCOPES_KEY})
    assert forbidden(body)[1] == ["work:read"]


async def test_proxied_callers_get_the_default_scopes_or_those_the_proxy_sends(
    make_gateway: MakeGateway,
) -> None:
    secret = "proxy-secret-0123456789"
    gw = await make_gateway(sandbox_settings(auth=AuthSettings(proxy_secret=secret)))
    proxied = {"X-Gateway-User": "sam.lee@example.com", "X-Gateway-Proxy-Secret": secret}
    assert forbidden(await gw.gql(DELETE_LIST, headers=proxied))[1] == ["xandr:write"]
    granted = {**proxied, "X-Gateway-Scopes": "work:read xandr:write"}
    body = await gw.gql(DELETE_LIST, headers=granted)
    assert body["data"]["deleteInventoryList"]["userErrors"] == []


async def test_with_auth_off_an_anonymous_caller_may_run_everything(gateway: Gateway) -> None:
    body = await gateway.gql(DELETE_LIST)
    assert body["data"]["deleteInventoryList"]["userErrors"] == []


def test_the_scope_table_in_the_docs_names_every_scope_and_the_mutations_it_grants() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text()
    rows = {line.split("`")[1]: line for line in page.splitlines() if line.startswith("| `")}
    schema = build_schema()
    mutation = schema.get_type_by_name("Mutation")
    granted: dict[str, list[str]] = {}
    for field in mutation.fields:  # type: ignore[union-attr]
        for extension in field.extensions:
            if isinstance(extension, ScopesExtension):
                for scope in extension.permission.scopes:
                    name = schema.config.name_converter.from_field(field)
                    granted.setdefault(scope, []).append(f"`{name}`")

    assert set(SCOPES) <= set(rows)
    for scope in WRITE_SCOPES:
        assert rows[scope] == f"| `{scope}` | {', '.join(granted[scope])} |"
