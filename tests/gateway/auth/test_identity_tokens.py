"""Identity tokens forwarded to services: reused for a while, renewed, always verifiable."""

from __future__ import annotations

import time

import pytest
from gateway.auth.identity_tokens import IdentityTokens
from pdp_common.identity import (
    Clearance,
    IdentitySigner,
    IdentityVerifier,
    Principal,
    Role,
    generate_keypair,
    load_private_key,
    load_public_key,
)

from tests.gateway.clock import FakeClock


def _principal(subject: str) -> Principal:
    return Principal(
        subject, "UNRCCA", frozenset({Role.ANALYST}), Clearance.INTERNAL, f"cred-{subject}"
    )


class TestIdentityTokens:
    def test_a_token_is_reused_then_renewed_and_always_verifies(self) -> None:
        private_pem, public_pem = generate_keypair()
        clock = FakeClock(time.time())
        tokens = IdentityTokens(
            IdentitySigner(load_private_key(private_pem)), reuse_seconds=20, clock=clock
        )
        first = tokens.token_for(_principal("a"))
        assert tokens.token_for(_principal("a")) is first
        assert tokens.token_for(_principal("b")) != first
        clock.now += 21
        renewed = tokens.token_for(_principal("a"))
        assert renewed != first
        verifier = IdentityVerifier(load_public_key(public_pem))
        assert verifier.verify(first.decode()).subject == "a"

    def test_forgetting_a_credential_drops_its_tokens(self) -> None:
        private_pem, _ = generate_keypair()
        clock = FakeClock(time.time())
        tokens = IdentityTokens(
            IdentitySigner(load_private_key(private_pem)), reuse_seconds=20, clock=clock
        )
        first = tokens.token_for(_principal("a"))
        tokens.forget("cred-a")
        clock.now += 1
        assert tokens.token_for(_principal("a")) != first

    def test_reuse_must_leave_the_token_valid(self) -> None:
        private_pem, _ = generate_keypair()
        with pytest.raises(ValueError, match="valid"):
            IdentityTokens(IdentitySigner(load_private_key(private_pem)), reuse_seconds=55)
