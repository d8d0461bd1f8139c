"""Rate limits shared by every gateway replica: the token buckets kept in Redis.

Each decision runs in an atomic Lua script on Redis (its own clock, so replicas' clocks do not
matter): refill the key's bucket at ``rate`` tokens per second up to ``burst``, take one token or
tell how long until there is one. The decisions asked for during one turn of the event loop go to
Redis together, in one script call (up to ``MAX_BATCH``), so that under load a decision costs a few
microseconds of the gateway's CPU rather than a whole round trip through the client library (a
single Redis, not a cluster: one call touches several keys). Semantics match the in-process
``RateLimiter``: the same default rate and burst, a credential's own rate scaling its burst, the
same ``Retry-After``. A bucket left alone expires once it would be full again.

When Redis does not answer within ``timeout`` (connect or reply; no retries), the decision is taken
by this replica's in-process buckets instead, never failing the request; the outage is logged once
and counted (``pdp_gateway_rate_limit_fallbacks_total``), and Redis is not asked again for
``retry_seconds``, so a down or slow Redis costs at most one timeout per pause, not one per request.
During an outage each replica admits up to the full rate on its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import structlog
from prometheus_client import Gauge
from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import RedisError

from gateway.ratelimit.limiter import RateLimiter

log = structlog.get_logger(__name__)

# KEYS: the buckets; ARGV: per key, rate (tokens/s), burst, cost (1: take a token, 0: only look).
# Stored per bucket: tokens (float) and updated (microseconds on the Redis clock). Returns the wait
# in seconds per key, in order (a key named twice sees its first decision).
BUCKET_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local waits = {}
for i = 1, #KEYS do
  local rate = tonumber(ARGV[3 * i - 2])
  local burst = tonumber(ARGV[3 * i - 1])
  local cost = tonumber(ARGV[3 * i])
  local state = redis.call('HMGET', KEYS[i], 'tokens', 'updated')
  local tokens = tonumber(state[1])
  local updated = tonumber(state[2])
  if tokens == nil or updated == nil then
    tokens = burst
    updated = now
  end
  tokens = math.min(burst, tokens + math.max(0, now - updated) / 1000000 * rate)
  if tokens >= 1 then
    if cost > 0 then
      redis.call('HSET', KEYS[i], 'tokens', string.format('%.17g', tokens - cost),
        'updated', string.format('%d', now))
      redis.call('PEXPIRE', KEYS[i], math.ceil(burst / rate * 1000) + 1000)
    end
    waits[i] = '0'
  else
    waits[i] = string.format('%.17g', (1 - tokens) / rate)
  end
end
return waits
"""
MAX_BATCH = 256
FAILURES = (RedisError, OSError, TimeoutError)
# A decision waiting for the next batch: bucket key, rate, burst, cost, and where its wait goes.
_Request = tuple[str, float, float, int, "asyncio.Future[float | None]"]


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
        self._pending: list[_Request] = []
        self._running: set[asyncio.Future[None]] = set()

    async def take(self, key: str, *, rate: float, burst: float, cost: int) -> float | None:
        """Return the wait for ``key``'s bucket after taking ``cost`` tokens (0: only look), or
        None when Redis did not answer and the caller must decide by itself."""
        if self._down and self._clock() < self._retry_at:
            return None
        loop = asyncio.get_running_loop()
        decision: asyncio.Future[float | None] = loop.create_future()
        self._pending.append((self._prefix + key, rate, burst, cost, decision))
        if len(self._pending) == 1:
            loop.call_soon(self._flush)
        elif len(self._pending) >= MAX_BATCH:
            self._flush()
        return await decision

    def _flush(self) -> None:
        batch, self._pending = self._pending, []
        if batch:
            task = asyncio.ensure_future(self._decide(batch))
            self._running.add(task)
            task.add_done_callback(self._running.discard)

    async def _decide(self, batch: list[_Request]) -> None:
        keys = [request[0] for request in batch]
        args = [value for request in batch for value in request[1:4]]
        waits: list[float | None]
        try:
            raw = await self._script(keys=keys, args=args)
        except FAILURES as exc:
            self._failed(exc)
            waits = [None] * len(batch)
        else:
            if self._down:
                self._recovered()
            waits = [float(value) for value in raw]
        for request, wait in zip(batch, waits, strict=True):
            if not request[4].done():
                request[4].set_result(wait)

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
