"""The kit simulators share: issued tokens expire on the sandbox clock; requests read alike."""

from __future__ import annotations

import pytest
from starlette.requests import Request

from gateway.sandbox.clock import SandboxClock
from gateway.sandbox.tokens import IssuedTokens
from gateway.sandbox.wire import bearer_token, int_params, json_or


def request(headers: dict[str, str] | None = None, query: str = "", body: bytes = b"") -> Request:
    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": body, "more_body": False}

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/",
        "query_string": query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()],
    }
    return Request(scope, receive)


def test_a_token_names_its_holder_until_the_clock_passes_its_lifetime() -> None:
    clock = SandboxClock()
    tokens: IssuedTokens[str] = IssuedTokens(clock)
    token = tokens.issue("client-a", lifetime_s=60)

    assert tokens.holder(token) == "client-a"
    assert tokens.holder("not-issued") is None
    assert tokens.holder(None) is None
    clock.advance(61)
    assert tokens.holder(token) is None


@pytest.mark.parametrize(
    ("header", "token"),
    [("Bearer abc", "abc"), ("bearer abc", "abc"), ("Basic abc", None), ("abc", None)],
)
def test_a_bearer_token_is_read_whatever_the_case_of_its_scheme(
    header: str, token: str | None
) -> None:
    assert bearer_token(request({"Authorization": header})) == token


def test_integer_parameters_take_their_defaults_and_refuse_non_integers() -> None:
    defaults = {"limit": 100, "start": 0}

    assert int_params(request(query="limit=5"), defaults) == {"limit": 5, "start": 0}
    assert int_params(request(query="limit=five"), defaults) is None


async def test_a_body_that_is_not_json_gives_the_default() -> None:
    assert await json_or(request(body=b'{"a": 1}')) == {"a": 1}
    assert await json_or(request(body=b"{nope"), {}) == {}
    assert await json_or(request()) is None
