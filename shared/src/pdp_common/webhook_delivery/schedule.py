"""When a failed delivery is tried again, how often, and when its target is suspended."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pdp_common.settings import ServiceSettings


@dataclass(frozen=True, slots=True)
class RetrySchedule:
    """Exponential back-off with jitter: after attempt ``n`` fails, wait
    ``min(base * 2**(n-1), max) * (1 - jitter * r)`` for ``r`` uniform in [0, 1); give up after
    ``max_attempts``; suspend a target after ``suspend_after_failures`` failed attempts in a row."""

    max_attempts: int = 8
    base_seconds: float = 30.0
    max_seconds: float = 21_600.0
    jitter: float = 0.2
    suspend_after_failures: int = 10

    @classmethod
    def from_settings(cls, settings: ServiceSettings, **overrides: Any) -> RetrySchedule:
        """Return the schedule ``settings`` configure (``webhook_*``)."""
        values: dict[str, Any] = {
            "max_attempts": settings.webhook_max_attempts,
            "base_seconds": settings.webhook_backoff_base_seconds,
            "max_seconds": settings.webhook_backoff_max_seconds,
            "jitter": settings.webhook_backoff_jitter,
            "suspend_after_failures": settings.webhook_suspend_after_failures,
        }
        return cls(**values | overrides)

    def delay(self, attempts: int, *, rand: float) -> timedelta:
        """Return the wait after ``attempts`` failed attempts, ``rand`` drawn from [0, 1)."""
        backoff = min(self.base_seconds * 2 ** (attempts - 1), self.max_seconds)
        return timedelta(seconds=backoff * (1 - self.jitter * rand))
