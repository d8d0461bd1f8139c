"""Per-credential rate limits: an in-memory token bucket per credential id."""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


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
                bucket.rate, bucket.burst = rate, max(self._burst * rate / self._rate, 1.0)
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

    def _new_bucket(self, credential: str, now: float, rate: float | None) -> _Bucket:
        effective = rate if rate is not None else self._rate
        burst = self._burst if rate is None else max(self._burst * rate / self._rate, 1.0)
        bucket = _Bucket(tokens=burst, updated=now, rate=effective, burst=burst)
        self._buckets[credential] = bucket
        if len(self._buckets) > self._max:
            self._buckets.popitem(last=False)
        return bucket


def retry_after(seconds: float) -> str:
    """Return the ``Retry-After`` value (whole seconds, at least 1) for a wait of ``seconds``."""
    return str(max(1, math.ceil(seconds)))
