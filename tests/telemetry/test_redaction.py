"""The redactor hides secret values and secret-shaped text, in text and in JSON lines."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import pytest
from pydantic import SecretStr

from gateway.config import Settings
from gateway.telemetry.redaction import REDACTED, Redactor, secrets_in
from tests.telemetry.conftest import LogBuffer

SESSION = "c2Vzc2lvbi10b2tlbi0x"


@pytest.mark.parametrize(
    ("line", "hidden"),
    [
        # httpcore's DEBUG line with the response headers (issue 17).
        (
            "receive_response_headers.complete return_value=(b'HTTP/1.1', 200, b'OK', "
            f"[(b'content-type', b'application/json'), (b'set-cookie', b'IBAPI_SESSID={SESSION};"
            " Path=/; HttpOnly')])",
            SESSION,
        ),
        ("GET /tasks/catalog-item/a1?key=k3y-in-the-url&x=1", "k3y-in-the-url"),
        ('{"access_token": "at-123456", "expires_in": 3600}', "at-123456"),
        ("Authorization: Bearer abc.def-123", "abc.def-123"),
        ("cookie: IBAPI_SESSID=xyz987654", "xyz987654"),
        ("password=hunter22&user=ana", "hunter22"),
        ("X-API-Key: live_0123456789", "live_0123456789"),
        ("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbmEifQ.c2lnbmF0dXJl seen", "eyJzdWIiOiJhbmEifQ"),
    ],
)
def test_secret_shapes_are_hidden(line: str, hidden: str) -> None:
    redacted = Redactor().redact(line)

    assert hidden not in redacted
    assert REDACTED in redacted


@pytest.mark.parametrize(
    "line",
    [
        "upstream limbobeat POST /sandbox/limbobeat/oauth/token -> 200 in 3.1 ms",
        '{"path": "/oauth/token", "route": "/oauth/token", "status": 200}',
        "graphql query Dashboard -> 200 in 12.0 ms, 4 upstream calls",
        "xandr refused the gateway's username and password",
    ],
)
def test_ordinary_lines_are_left_alone(line: str) -> None:
    assert Redactor().redact(line) == line


def test_known_values_are_hidden_anywhere_even_json_escaped() -> None:
    redactor = Redactor()
    redactor.add('pa"ss\\word-1', "s3cr3t-value")

    line = json.dumps({"message": 'sent pa"ss\\word-1 and s3cr3t-value in plain words'})

    assert "word-1" not in redactor.redact(line)
    assert "s3cr3t-value" not in redactor.redact(line)
    assert json.loads(redactor.redact(line))["message"].count(REDACTED) == 2


def test_learned_tokens_are_kept_bounded_but_configured_secrets_stay() -> None:
    redactor = Redactor()
    redactor.add("configured-secret")
    for n in range(100):
        redactor.add(f"fetched-token-{n:03d}", learned=True)

    assert redactor.redact("configured-secret") == REDACTED
    assert redactor.redact("fetched-token-099") == REDACTED
    assert redactor.redact("fetched-token-000") == "fetched-token-000"


def test_every_secret_setting_is_found_with_a_urls_password() -> None:
    settings = Settings(
        metrics_token=SecretStr("metrics-token-1"),
        redis_url=SecretStr("redis://:p%40ssword@cache:6379/0"),
    )

    found = set(secrets_in(settings))

    assert {"metrics-token-1", "p@ssword", "redis://:p%40ssword@cache:6379/0"} <= found


def test_the_handler_redacts_tracebacks_too(gateway_log: Callable[..., LogBuffer]) -> None:
    log = gateway_log("INFO", "json")

    try:
        raise RuntimeError("failed with Authorization: Bearer leaked-credential")
    except RuntimeError:
        logging.getLogger("some.library").exception("boom")

    assert "leaked-credential" not in log.text()
    assert "Traceback" in log.records()[0]["exc_info"]


def test_httpcores_debug_line_with_a_session_cookie_is_redacted(
    gateway_log: Callable[..., LogBuffer],
) -> None:
    log = gateway_log("DEBUG", "json")
    headers = [
        (b"content-type", b"application/json"),
        (b"set-cookie", f"IBAPI_SESSID={SESSION}; Path=/".encode()),
    ]

    # The line httpcore writes once an upstream's response headers are in (issue 17).
    logging.getLogger("httpcore.http11").debug(
        "receive_response_headers.complete return_value=%r", (b"HTTP/1.1", 200, b"OK", headers)
    )

    assert SESSION not in log.text()
    assert "(b'set-cookie', b'[REDACTED]')" in log.records()[0]["message"]
