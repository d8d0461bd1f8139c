"""Units of the gateway that need no server: rate limiter, identity tokens."""

from __future__ import annotations

import time

import pytest
from gateway.ratelimit import RateLimiter, retry_after
from gateway.tokens import IdentityTokens
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


class FakeClock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class TestRateLimiter:
    def test_burst_then_refill(self) -> None:
        clock = FakeClock()
        limiter = RateLimiter(rate=2.0, burst=2, clock=clock)
        assert [limiter.acquire("k") for _ in range(2)] == [0.0, 0.0]
        assert limiter.acquire("k") == pytest.approx(0.5)
        clock.now += 0.5
        assert limiter.acquire("k") == 0.0

    def test_credentials_are_independent(self) -> None:
        limiter = RateLimiter(rate=1.0, burst=1, clock=FakeClock())
        assert limiter.acquire("a") == 0.0
        assert limiter.acquire("a") > 0
        assert limiter.acquire("b") == 0.0

    def test_a_credentials_own_rate_scales_its_burst(self) -> None:
        limiter = RateLimiter(rate=10.0, burst=20, clock=FakeClock())
        assert limiter.shape(None) == (10.0, 20.0)
        assert limiter.shape(5.0) == (5.0, 10.0)
        assert limiter.shape(0.01) == (0.01, 1.0)

    def test_each_replica_alone_admits_a_whole_burst(self) -> None:
        replicas = [RateLimiter(rate=0.001, burst=3, clock=FakeClock()) for _ in range(2)]
        admitted = sum(replicas[i % 2].acquire("k") == 0.0 for i in range(12))
        assert admitted == 6

    def test_retry_after_is_whole_seconds_at_least_one(self) -> None:
        assert retry_after(0.01) == "1"
        assert retry_after(2.5) == "3"


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
