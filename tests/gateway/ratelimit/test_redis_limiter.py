"""Rate limits shared through Redis: the bucket script's semantics against a real Redis, and what
happens when Redis is down or slow."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable, Iterator, MutableMapping
from contextlib import asynccontextmanager, contextmanager
from typing import Any

import pytest
import structlog
from gateway.ratelimit.limiter import RateLimiter
from gateway.ratelimit.redis_limiter import MAX_BATCH, RedisBuckets, RedisLimiter, redis_client
from prometheus_client import CollectorRegistry, Gauge
from redis.asyncio import Redis

from tests.gateway.clock import FakeClock
from tests.gateway.conftest import REDIS_URL
from tests.gateway.switchable_proxy import SwitchableProxy
from tests.shared.polling import eventually


@contextmanager
def captured_logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """Capture every log entry, whatever level the process logs at; restore the set-up after."""
    previous = structlog.get_config()
    capture = structlog.testing.LogCapture()
    structlog.configure(
        processors=[capture], wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG)
    )
    try:
        yield capture.entries
    finally:
        structlog.configure(**previous)


class Fallbacks:
    """Count the decisions a limiter took in-process."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> None:
        self.count += 1


@asynccontextmanager
async def shared_buckets(
    prefix: str,
    *,
    url: str = REDIS_URL,
    timeout: float = 10.0,
    retry_seconds: float = 0.0,
    store_up: Gauge | None = None,
    clock: Callable[[], float] | None = None,
) -> AsyncIterator[RedisBuckets]:
    """Yield buckets on Redis under ``prefix``; close the client afterwards."""
    client = redis_client(url, timeout=timeout, pool_size=8)
    extra = {"clock": clock} if clock is not None else {}
    buckets = RedisBuckets(
        client, prefix=prefix, retry_seconds=retry_seconds, store_up=store_up, **extra
    )
    try:
        yield buckets
    finally:
        await buckets.close()


def limiter(
    buckets: RedisBuckets, *, rate: float, burst: int, name: str = "credential"
) -> tuple[RedisLimiter, Fallbacks]:
    """Return a limiter on ``buckets`` and the counter of its in-process decisions."""
    fallbacks = Fallbacks()
    local = RateLimiter(rate=rate, burst=burst)
    return RedisLimiter(buckets, local, name=name, on_fallback=fallbacks), fallbacks


class TestSharedBuckets:
    async def test_a_burst_then_a_wait_of_one_token(self, redis_prefix: str) -> None:
        async with shared_buckets(redis_prefix) as buckets:
            shared, fallbacks = limiter(buckets, rate=0.001, burst=3)
            waits = [await shared.acquire("api-key:1") for _ in range(4)]
        assert waits[:3] == [0.0, 0.0, 0.0]
        assert waits[3] == pytest.approx(1000.0, rel=0.01)
        assert fallbacks.count == 0

    async def test_tokens_refill_at_the_rate(self, redis_prefix: str) -> None:
        async with shared_buckets(redis_prefix) as buckets:
            shared, _ = limiter(buckets, rate=20.0, burst=1)
            assert await shared.acquire("k") == 0.0
            wait = await shared.acquire("k")
            assert 0.0 < wait <= 0.05
            assert await eventually(lambda: shared.acquire("k"), until=lambda w: w == 0.0) == 0.0

    async def test_a_credentials_own_rate_scales_its_burst(self, redis_prefix: str) -> None:
        async with shared_buckets(redis_prefix) as buckets:
            shared, _ = limiter(buckets, rate=10.0, burst=20)
            assert await shared.acquire("slow", rate=0.5) == 0.0
            assert await shared.acquire("slow", rate=0.5) == pytest.approx(2.0, rel=0.01)
            fast = [await shared.acquire("fast", rate=1.0) for _ in range(3)]
        assert fast[:2] == [0.0, 0.0]
        assert fast[2] > 0

    async def test_looking_takes_no_token(self, redis_prefix: str) -> None:
        async with shared_buckets(redis_prefix) as buckets:
            shared, _ = limiter(buckets, rate=0.001, burst=1)
            assert [await shared.wait_for("client:1") for _ in range(2)] == [0.0, 0.0]
            assert await shared.acquire("client:1") == 0.0
            assert await shared.wait_for("client:1") == pytest.approx(1000.0, rel=0.01)

    async def test_keys_and_limiters_are_independent(self, redis_prefix: str) -> None:
        async with shared_buckets(redis_prefix) as buckets:
            credentials, _ = limiter(buckets, rate=0.001, burst=1, name="credential")
            failures, _ = limiter(buckets, rate=0.001, burst=1, name="auth_failures")
            assert await credentials.acquire("a") == 0.0
            assert await credentials.acquire("b") == 0.0
            assert await failures.acquire("a") == 0.0
            assert await credentials.acquire("a") > 0

    async def test_replicas_share_one_bucket(self, redis_prefix: str) -> None:
        async with (
            shared_buckets(redis_prefix) as first,
            shared_buckets(redis_prefix) as second,
        ):
            replicas = [
                limiter(first, rate=0.001, burst=4)[0],
                limiter(second, rate=0.001, burst=4)[0],
            ]
            admitted = [await replicas[i % 2].acquire("api-key:7") == 0.0 for i in range(10)]
        assert sum(admitted) == 4

    async def test_concurrent_decisions_go_together_and_each_counts(
        self, redis_prefix: str
    ) -> None:
        async with shared_buckets(redis_prefix) as buckets:
            shared, fallbacks = limiter(buckets, rate=0.001, burst=7)
            waits = await asyncio.gather(
                *(shared.acquire(f"api-key:{index % 2}") for index in range(MAX_BATCH + 50))
            )
        admitted = [key for key, wait in enumerate(waits) if wait == 0.0]
        assert len(admitted) == 14
        assert {index % 2 for index in admitted} == {0, 1}
        assert fallbacks.count == 0

    async def test_an_idle_bucket_expires_once_it_would_be_full(self, redis_prefix: str) -> None:
        async with shared_buckets(redis_prefix) as buckets:
            shared, _ = limiter(buckets, rate=2.0, burst=4)
            await shared.acquire("k")
        client = Redis.from_url(REDIS_URL)
        try:
            ttl = await client.pttl(redis_prefix + "credential:k")
        finally:
            await client.aclose()
        assert 0 < ttl <= 3000


class TestOutages:
    async def test_decisions_stay_in_process_while_redis_is_down_and_return_after(
        self, redis_prefix: str
    ) -> None:
        proxy = SwitchableProxy("127.0.0.1", 6379)
        await proxy.start()
        registry = CollectorRegistry()
        store_up = Gauge("store_up", "test", registry=registry)
        async with shared_buckets(redis_prefix, url=proxy.url, store_up=store_up) as buckets:
            shared, fallbacks = limiter(buckets, rate=0.001, burst=2)
            assert await shared.acquire("k") == 0.0
            await proxy.stop()
            with captured_logs() as logs:
                during = [await shared.acquire("k") for _ in range(3)]
                assert registry.get_sample_value("store_up") == 0
                await proxy.start()
                after = [await shared.acquire("k") for _ in range(2)]
        assert during[:2] == [0.0, 0.0], "the replica's own bucket starts full"
        assert during[2] > 0
        assert fallbacks.count == 3
        assert after[0] == 0.0
        assert after[1] > 0, "the shared bucket remembers the token taken before the outage"
        assert registry.get_sample_value("store_up") == 1
        events = [entry["event"] for entry in logs]
        assert events == [
            "rate-limit store unreachable: each replica limits on its own until it answers",
            "rate-limit store answers again: limits are shared",
        ]
        await proxy.stop()

    async def test_after_a_failure_redis_is_left_alone_for_the_retry_pause(
        self, redis_prefix: str
    ) -> None:
        proxy = SwitchableProxy("127.0.0.1", 6379)
        clock = FakeClock()
        async with shared_buckets(
            redis_prefix, url=proxy.url, retry_seconds=5.0, clock=clock
        ) as buckets:
            shared, fallbacks = limiter(buckets, rate=0.001, burst=5)
            assert await shared.acquire("k") == 0.0
            assert fallbacks.count == 1
            await proxy.start()
            assert await shared.acquire("k") == 0.0
            assert fallbacks.count == 2, "still within the pause"
            clock.now += 5.0
            assert await shared.acquire("k") == 0.0
            assert fallbacks.count == 2, "asked Redis again"
        await proxy.stop()

    async def test_a_silent_redis_costs_one_timeout_then_decides_in_process(
        self, redis_prefix: str
    ) -> None:
        proxy = SwitchableProxy("127.0.0.1", 6379)
        proxy.silent = True
        await proxy.start()
        async with shared_buckets(
            redis_prefix, url=proxy.url, timeout=0.05, retry_seconds=60.0
        ) as buckets:
            shared, fallbacks = limiter(buckets, rate=0.001, burst=1)
            assert await shared.acquire("k") == 0.0
            assert await shared.acquire("k") > 0
            assert await shared.wait_for("k") > 0
        assert fallbacks.count == 3
        await proxy.stop()
