"""Fixtures of the caller tests."""

from __future__ import annotations

import pytest

from tests.callers.helpers import IdentityProvider


@pytest.fixture
def idp() -> IdentityProvider:
    """Signs the tokens; its JWKS reaches the gateway through `idp.transport()`."""
    return IdentityProvider()
