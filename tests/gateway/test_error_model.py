"""Upstream failures become null plus an error with a stable code; nothing else leaks."""

from __future__ import annotations

from typing import Any

from gateway.sources.limbobeat.settings import LimbobeatSettings
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

ONE_TASK_AND_A_PAGE = """
query {
  sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId }
  sendTasks(first: 2) { totalCount }
}
"""
SECRETS = ("sandbox-password", "sandbox-limbobeat-token", "Traceback", 'File "')


def error_codes(body: dict[str, Any]) -> set[str]:
    return {e["extensions"]["code"] for e in body.get("errors", [])}


def assert_nothing_leaks(body: dict[str, Any]) -> None:
    text = str(body)
    for secret in SECRETS:
        assert secret not in text


async def test_upstream_5xx_gives_null_and_upstream_unavailable(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", status=503, path_prefix="/api")

    body = await gateway.gql(ONE_TASK_AND_A_PAGE)

    assert body["data"] == {"sendTask": None, "sendTasks": None}
    assert error_codes(body) == {"UPSTREAM_UNAVAILABLE"}
    assert {e["extensions"]["source"] for e in body["errors"]} == {"limbobeat"}
    assert_nothing_leaks(body)


async def test_a_read_that_fails_once_is_retried_and_succeeds(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", status=502, times=1, path_prefix="/api")

    body = await gateway.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }')

    assert body["data"]["sendTask"]["upstreamId"] == "5001"
    assert [c["status"] for c in calls(body, "limbobeat") if "send-tasks" in c["path"]] == [
        502,
        200,
    ]


async def test_a_slow_upstream_gives_upstream_timeout(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings(limbobeat=LimbobeatSettings(timeout_s=0.2, retries=0)))
    await gw.fault("limbobeat", timeout=True, hang_s=5, path_prefix="/api")

    body = await gw.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }')

    assert body["data"] == {"sendTask": None}
    assert error_codes(body) == {"UPSTREAM_TIMEOUT"}
    assert body["errors"][0]["path"] == ["sendTask"]
    assert_nothing_leaks(body)


async def test_a_malformed_body_gives_upstream_bad_response(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", malformed=True, path_prefix="/api")

    body = await gateway.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }')

    assert body["data"] == {"sendTask": None}
    assert error_codes(body) == {"UPSTREAM_BAD_RESPONSE"}
    assert_nothing_leaks(body)


async def test_a_429_with_a_long_retry_after_is_reported_with_the_delay(gateway: Gateway) -> None:
    await gateway.fault("limbobeat", status=429, retry_after_s=120, path_prefix="/api")

    body = await gateway.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }')

    error = body["errors"][0]
    assert error["extensions"]["code"] == "UPSTREAM_RATE_LIMITED"
    assert error["extensions"]["retryAfter"] == 120
    assert len(calls(body, "limbobeat")) == 2  # token, then one refused call: no retry storm


async def test_refused_credentials_say_so_without_showing_them(make_gateway: MakeGateway) -> None:
    gw = await make_gateway(sandbox_settings())
    await gw.fault("limbobeat", status=401, path_prefix="/api")

    body = await gw.gql('{ sendTask(id: "U2VuZFRhc2s6NTAwMQ==") { upstreamId } }')

    assert error_codes(body) == {"UPSTREAM_UNAUTHENTICATED"}
    assert_nothing_leaks(body)


async def test_a_query_that_does_not_parse_gets_a_parse_error_code(gateway: Gateway) -> None:
    body = await gateway.gql("{ sendTask(id: ")

    # Execution never started, so `data` is absent (GraphQL spec, "Response Format").
    assert "data" not in body
    assert error_codes(body) == {"GRAPHQL_PARSE_FAILED"}


async def test_an_unknown_field_gets_a_validation_code(gateway: Gateway) -> None:
    body = await gateway.gql("{ sendTask(id: 1) { noSuchField } }")

    assert error_codes(body) == {"GRAPHQL_VALIDATION_FAILED"}


async def test_a_variable_of_the_wrong_type_is_bad_user_input(gateway: Gateway) -> None:
    body = await gateway.gql(
        "query($n: Int!) { sendTasks(first: $n) { totalCount } }", {"n": "many"}
    )

    assert error_codes(body) == {"BAD_USER_INPUT"}


async def test_a_foreign_cursor_is_bad_user_input_before_any_call(gateway: Gateway) -> None:
    body = await gateway.gql('{ sendTasks(first: 2, after: "bm90LWEtY3Vyc29y") { totalCount } }')

    assert error_codes(body) == {"BAD_USER_INPUT"}
    assert calls(body) == []
