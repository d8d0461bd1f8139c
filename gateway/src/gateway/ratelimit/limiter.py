"""Per-credential rate limits: a token bucket per credential id, in memory or shared.

``RateLimiter`` keeps the buckets of one process. The front door speaks to a ``Limiter``: the
in-process ``LocalLimiter``, or ``gateway.ratelimit.redis_limiter.RedisLimiter`` when the replicas
share their buckets through Redis.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    rate: float
    burst: float


class RateLimiter:
    """Admit requests while a credential's bucket holds tokens; refill at ``rate`` per second."""

    def __init__(
        self,
        *,
        rate: float,
        burst: int,
        max_credentials: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = rate
        self._burst = float(max(burst, 1))
        self._max = max_credentials
        self._clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def acquire(self, credential: str, *, rate: float | None = None) -> float:
        """Take one token for ``credential``; return 0 when admitted, else seconds to wait."""
        now = self._clock()
        bucket = self._buckets.get(credential)
        if bucket is None:
            bucket = self._new_bucket(credential, now, rate)
        else:
            self._buckets.move_to_end(credential)
            if rate is not None and rate != bucket.rate:
                bucket.rate, bucket.burst = self.shape(rate)
            bucket.tokens = min(bucket.burst, bucket.tokens + (now - bucket.updated) * bucket.rate)
            bucket.updated = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / bucket.rate

    def wait_for(self, credential: str) -> float:
        """Return the seconds until ``credential`` has a token again (0 when it has one now)."""
        bucket = self._buckets.get(credential)
        if bucket is None:
            return 0.0
        tokens = min(bucket.burst, bucket.tokens + (self._clock() - bucket.updated) * bucket.rate)
        return 0.0 if tokens >= 1.0 else (1.0 - tokens) / bucket.rate

    def shape(self, rate: float | None) -> tuple[float, float]:
        """Return the refill rate and burst of a bucket whose credential has its own ``rate``
        (None: the default); the burst scales with the rate, at least one token."""
        if rate is None:
            return self._rate, self._burst
        return rate, max(self._burst * rate / self._rate, 1.0)

    def _new_bucket(self, credential: str, now: float, rate: float | None) -> _Bucket:
        effective, burst = self.shape(rate)
        bucket = _Bucket(tokens=burst, updated=now, rate=effective, burst=burst)
        self._buckets[credential] = bucket
        if len(self._buckets) > self._max:
            self._buckets.popitem(last=False)
        return bucket


class Limiter(Protocol):
    """Token buckets by key (a credential id, a client address) as the front door uses them."""

    async def acquire(self, key: str, *, rate: float | None = None) -> float:
        """Take one token for ``key``; return 0 when admitted, else seconds to wait."""
        ...

    async def wait_for(self, key: str) -> float:
        """Return the seconds until ``key`` has a token again (0 when it has one now)."""
        ...


class LocalLimiter:
    """The buckets of this process only."""

    def __init__(self, buckets: RateLimiter) -> None:
        self.buckets = buckets

    async def acquire(self, key: str, *, rate: float | None = None) -> float:
        """Take one token for ``key``; return 0 when admitted, else seconds to wait."""
        return self.buckets.acquire(key, rate=rate)

    async def wait_for(self, key: str) -> float:
        """Return the seconds until ``key`` has a token again (0 when it has one now)."""
        return self.buckets.wait_for(key)


def retry_after(seconds: float) -> str:
    """Return the ``Retry-After`` value (whole seconds, at least 1) for a wait of ``seconds``."""
    return str(max(1, math.ceil(seconds)))
