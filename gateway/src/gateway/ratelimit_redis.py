"""Rate limits shared by every gateway replica: the token buckets kept in Redis.

Each decision is one atomic Lua script on Redis (its own clock, so replicas' clocks do not matter):
refill the key's bucket at ``rate`` tokens per second up to ``burst``, take one token or tell how
long until there is one. Semantics match the in-process ``RateLimiter``: the same default rate and
burst, a credential's own rate scaling its burst, the same ``Retry-After``. A bucket left alone
expires once it would be full again.

When Redis does not answer within ``timeout`` (connect or reply; no retries), the decision is taken
by this replica's in-process buckets instead, never failing the request; the outage is logged once
and counted (``pdp_gateway_rate_limit_fallbacks_total``), and Redis is not asked again for
``retry_seconds``, so a down or slow Redis costs at most one timeout per pause, not one per request.
During an outage each replica admits up to the full rate on its own.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import structlog
from prometheus_client import Gauge
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from gateway.ratelimit import RateLimiter

log = structlog.get_logger(__name__)

# KEYS[1]: the bucket; ARGV: rate (tokens/s), burst, cost (1: take a token, 0: only look).
# Stored: tokens (float) and updated (microseconds on the Redis clock). Returns the wait in seconds.
BUCKET_SCRIPT = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = burst
  updated = now
end
tokens = math.min(burst, tokens + math.max(0, now - updated) / 1000000 * rate)
if tokens >= 1 then
  if cost > 0 then
    redis.call('HSET', KEYS[1], 'tokens', string.format('%.17g', tokens - cost),
      'updated', string.format('%d', now))
    redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
  end
  return '0'
end
return string.format('%.17g', (1 - tokens) / rate)
"""
FAILURES = (RedisError, OSError, TimeoutError)


def redis_client(url: str, *, timeout: float, pool_size: int) -> Redis:
    """Return a client that gives up after ``timeout`` seconds and never retries by itself."""
    pool = BlockingConnectionPool.from_url(
        url,
        max_connections=pool_size,
        timeout=timeout,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )
    return Redis(connection_pool=pool)


class RedisBuckets:
    """The buckets in Redis, and whether Redis is answering (shared by the gateway's limiters)."""

    def __init__(
        self,
        client: Redis,
        *,
        prefix: str,
        retry_seconds: float,
        store_up: Gauge | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self._script = client.register_script(BUCKET_SCRIPT)
        self._prefix = prefix
        self._retry_seconds = retry_seconds
        self._store_up = store_up
        self._clock = clock
        self._down = False
        self._retry_at = 0.0

    async def take(self, key: str, *, rate: float, burst: float, cost: int) -> float | None:
        """Return the wait for ``key``'s bucket after taking ``cost`` tokens (0: only look), or
        None when Redis did not answer and the caller must decide by itself."""
        if self._down and self._clock() < self._retry_at:
            return None
        try:
            raw = await self._script(keys=[self._prefix + key], args=[rate, burst, cost])
        except FAILURES as exc:
            self._failed(exc)
            return None
        if self._down:
            self._recovered()
        return float(raw)

    async def close(self) -> None:
        """Close the connections to Redis."""
        await self.client.aclose()

    def _failed(self, exc: BaseException) -> None:
        self._retry_at = self._clock() + self._retry_seconds
        if self._down:
            return
        self._down = True
        if self._store_up is not None:
            self._store_up.set(0)
        log.warning(
            "rate-limit store unreachable: each replica limits on its own until it answers",
            error=repr(exc),
            retry_seconds=self._retry_seconds,
        )

    def _recovered(self) -> None:
        self._down = False
        if self._store_up is not None:
            self._store_up.set(1)
        log.info("rate-limit store answers again: limits are shared")


class RedisLimiter:
    """A ``Limiter`` over the shared buckets named ``name:<key>``, deciding with ``local`` (this
    replica's buckets, same rate and burst) while Redis does not answer."""

    def __init__(
        self,
        buckets: RedisBuckets,
        local: RateLimiter,
        *,
        name: str,
        on_fallback: Callable[[], object] = lambda: None,
    ) -> None:
        self._buckets = buckets
        self._local = local
        self._namespace = name + ":"
        self._on_fallback = on_fallback

    async def acquire(self, key: str, *, rate: float | None = None) -> float:
        """Take one token for ``key``; return 0 when admitted, else seconds to wait."""
        bucket_rate, burst = self._local.shape(rate)
        wait = await self._buckets.take(
            self._namespace + key, rate=bucket_rate, burst=burst, cost=1
        )
        if wait is None:
            self._on_fallback()
            return self._local.acquire(key, rate=rate)
        return wait

    async def wait_for(self, key: str) -> float:
        """Return the seconds until ``key`` has a token again (0 when it has one now)."""
        bucket_rate, burst = self._local.shape(None)
        wait = await self._buckets.take(
            self._namespace + key, rate=bucket_rate, burst=burst, cost=0
        )
        if wait is None:
            self._on_fallback()
            return self._local.wait_for(key)
        return wait
