"""The in-process rate limiter: a token bucket per credential."""

from __future__ import annotations

import pytest
from gateway.ratelimit.limiter import RateLimiter, retry_after

from tests.gateway.clock import FakeClock


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
