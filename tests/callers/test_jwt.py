"""JWT bearer tokens through HTTP: what is accepted, and every way a token is turned away."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from gateway.callers.dev_key import mint_development_token
from gateway.callers.settings import AuthSettings
from tests.callers.helpers import (
    AUDIENCE,
    ISSUER,
    SEND_TASKS,
    IdentityProvider,
    bearer,
    hs256_token,
    jwt_auth,
    post,
    refusal,
    tampered,
    unsigned_token,
    upstream_requests,
)
from tests.conftest import Gateway, MakeGateway, calls, sandbox_settings

WHOAMI_BLUEWORKS = (
    "{ workInstances(type: OPEN, first: 2) { edges { node { detail { subject } } } } }"
)


@pytest.fixture
async def gw(make_gateway: MakeGateway, idp: IdentityProvider) -> Gateway:
    gateway: Gateway = await make_gateway(
        sandbox_settings(auth=jwt_auth()), jwks_transport=idp.transport()
    )
    return gateway


async def test_a_valid_token_runs_the_query_and_acts_as_its_email(
    gw: Gateway, idp: IdentityProvider
) -> None:
    response = await post(gw, bearer(idp.token()), WHOAMI_BLUEWORKS)
    assert response.status_code == 200, response.text
    edges = response.json()["data"]["workInstances"]["edges"]
    # The sandbox names each instance's subject after the user it was started by.
    assert {e["node"]["detail"]["subject"].rsplit(" for ", 1)[1] for e in edges} == {"priya.shah"}


async def test_no_credentials_is_401_with_a_bare_challenge_and_no_upstream_call(
    gw: Gateway,
) -> None:
    before = await upstream_requests(gw)
    response = await post(gw, {})
    assert refusal(response)[:2] == (401, "UNAUTHENTICATED")
    assert response.headers["www-authenticate"] == 'Bearer realm="work-gateway"'
    assert await upstream_requests(gw) == before


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"exp": int(time.time()) - 120}, "the token has expired"),
        ({"nbf": int(time.time()) + 600}, "the token is not valid yet"),
        ({"aud": "another-service"}, "the token is meant for another audience"),
        ({"iss": "https://evil.example.com/"}, "the token is from another issuer"),
        ({"exp": None}, "the token lacks the claim exp"),
        ({"sub": None}, "the token lacks the claim sub"),
    ],
)
async def test_a_token_with_bad_claims_is_refused_saying_why(
    gw: Gateway, idp: IdentityProvider, claims: dict[str, Any], reason: str
) -> None:
    token = idp.token(**claims)
    before = await upstream_requests(gw)
    response = await post(gw, bearer(token))
    assert refusal(response) == (401, "UNAUTHENTICATED", reason)
    challenge = response.headers["www-authenticate"]
    assert 'error="invalid_token"' in challenge and reason in challenge
    assert token not in response.text
    assert await upstream_requests(gw) == before


async def test_clock_skew_forgives_a_token_just_expired(gw: Gateway, idp: IdentityProvider) -> None:
    response = await post(gw, bearer(idp.token(exp=int(time.time()) - 5)))
    assert response.status_code == 200, response.text


async def test_alg_none_is_refused(gw: Gateway, idp: IdentityProvider) -> None:
    response = await post(gw, bearer(unsigned_token(idp.claims())))
    assert refusal(response) == (
        401,
        "UNAUTHENTICATED",
        "the token's algorithm none is not accepted",
    )


async def test_hs256_signed_with_the_public_key_is_refused(
    make_gateway: MakeGateway, idp: IdentityProvider, tmp_path: Path
) -> None:
    pem = tmp_path / "idp.pem"
    pem.write_bytes(idp.public_pem())
    auth = AuthSettings(jwt_public_key_file=pem, issuer=ISSUER, audience=AUDIENCE)
    gw = await make_gateway(sandbox_settings(auth=auth))
    assert (await post(gw, bearer(idp.token()))).status_code == 200
    forged = hs256_token(idp.public_pem(), idp.claims(), kid="rsa-1")
    assert refusal(await post(gw, bearer(forged)))[2] == (
        "the token's algorithm HS256 is not accepted"
    )


async def test_a_tampered_payload_fails_the_signature(gw: Gateway, idp: IdentityProvider) -> None:
    forged = tampered(idp.token(scope="work:read"), email="alex.morgan@example.com")
    assert refusal(await post(gw, bearer(forged)))[2] == "the token's signature does not verify"


@pytest.mark.parametrize("token", ["not-a-jwt.at.all", "a.b.c", "Zm9v.YmFy.YmF6"])
async def test_garbage_is_refused_as_malformed(gw: Gateway, token: str) -> None:
    status, code, message = refusal(await post(gw, bearer(token)))
    assert (status, code) == (401, "UNAUTHENTICATED")
    assert "well-formed" in message or "algorithm" in message


async def test_a_non_bearer_authorization_is_refused(gw: Gateway) -> None:
    response = await post(gw, {"Authorization": "Basic dXNlcjpwYXNz"})
    assert refusal(response)[2] == "the Authorization header must be 'Bearer <credentials>'"


async def test_a_non_ascii_user_claim_is_bad_input_not_a_crash(
    gw: Gateway, idp: IdentityProvider
) -> None:
    response = await post(gw, bearer(idp.token(email="zoë@example.com")), WHOAMI_BLUEWORKS)
    assert refusal(response)[:2] == (400, "BAD_USER_INPUT")


async def test_a_token_without_the_user_claim_acts_for_nobody(
    gw: Gateway, idp: IdentityProvider
) -> None:
    body = (await post(gw, bearer(idp.token(email=None)), WHOAMI_BLUEWORKS)).json()
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED_CALLER"
    assert calls(body, "blueworks") == []


async def test_a_configured_user_claim_names_the_acting_user(
    make_gateway: MakeGateway, idp: IdentityProvider
) -> None:
    settings = sandbox_settings(auth=jwt_auth(user_claim="preferred_username"))
    gw = await make_gateway(settings, jwks_transport=idp.transport())
    token = idp.token(email=None, preferred_username="sam.lee@example.com")
    edges = (await post(gw, bearer(token), WHOAMI_BLUEWORKS)).json()["data"]["workInstances"]
    subjects = {e["node"]["detail"]["subject"] for e in edges["edges"]}
    assert all(s.endswith(" for sam.lee") for s in subjects)


async def test_development_tokens_work_in_development_next_to_the_configured_issuer(
    gw: Gateway,
) -> None:
    token = mint_development_token("kim.novak@example.com", ["work:read"])
    assert (await post(gw, bearer(token))).status_code == 200


async def test_development_tokens_are_refused_in_production(
    make_gateway: MakeGateway, idp: IdentityProvider
) -> None:
    settings = sandbox_settings(environment="production", auth=jwt_auth())
    gw = await make_gateway(settings, jwks_transport=idp.transport())
    token = mint_development_token("kim.novak@example.com", ["work:read"])
    assert refusal(await post(gw, bearer(token))) == (
        401,
        "UNAUTHENTICATED",
        "development tokens are not accepted by this gateway",
    )
    assert (await post(gw, bearer(idp.token()))).status_code == 200


async def test_an_expired_development_token_is_refused(gateway: Gateway) -> None:
    token = mint_development_token("a@example.com", ["work:read"], now=time.time() - 7200)
    assert refusal(await post(gateway, bearer(token)))[2] == "the token has expired"


async def test_with_auth_off_a_request_without_credentials_runs_as_the_demo_user(
    gateway: Gateway,
) -> None:
    body = (await post(gateway, {}, SEND_TASKS)).json()
    assert body["data"]["sendTasks"]["totalCount"] > 0


async def test_with_hs256_allowed_a_public_key_signature_still_fails(
    make_gateway: MakeGateway, idp: IdentityProvider, tmp_path: Path
) -> None:
    pem = tmp_path / "idp.pem"
    pem.write_bytes(idp.public_pem())
    secret = "a-shared-secret-of-thirty-two-by"
    auth = AuthSettings(
        jwt_public_key_file=pem,
        jwt_secret=secret,
        algorithms=["RS256", "HS256"],
        issuer=ISSUER,
        audience=AUDIENCE,
    )
    gw = await make_gateway(sandbox_settings(auth=auth))
    assert (await post(gw, bearer(hs256_token(secret.encode(), idp.claims())))).status_code == 200
    forged = hs256_token(idp.public_pem(), idp.claims())
    assert refusal(await post(gw, bearer(forged)))[2] == "the token's signature does not verify"


async def test_with_only_the_development_key_trusted_another_issuers_token_is_told_why(
    gateway: Gateway, idp: IdentityProvider
) -> None:
    status, code, message = refusal(await post(gateway, bearer(idp.token())))

    assert (status, code) == (401, "UNAUTHENTICATED")
    # Not "JWTs are not accepted": development does accept its own tokens.
    assert message.startswith("only development tokens")
