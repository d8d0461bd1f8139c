"""The retry schedule: exponential back-off with bounded jitter, capped."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from pdp_common.settings import ServiceSettings
from pdp_common.webhook_delivery import RetrySchedule
from pydantic_settings import SettingsConfigDict


class SampleSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PDP_SAMPLE_")
    service_name: ClassVar[str] = "sample"


class TestRetrySchedule:
    def test_the_wait_doubles_up_to_the_cap(self) -> None:
        schedule = RetrySchedule(base_seconds=30, max_seconds=200, jitter=0)
        waits = [schedule.delay(n, rand=0.0).total_seconds() for n in range(1, 6)]
        assert waits == [30, 60, 120, 200, 200]

    def test_jitter_shortens_the_wait_by_at_most_its_fraction(self) -> None:
        schedule = RetrySchedule(base_seconds=100, jitter=0.2)
        assert schedule.delay(1, rand=0.0) == timedelta(seconds=100)
        assert schedule.delay(1, rand=0.5) == timedelta(seconds=90)
        assert schedule.delay(1, rand=0.999).total_seconds() > 80

    def test_settings_configure_it(self) -> None:
        settings = SampleSettings(webhook_max_attempts=3, webhook_backoff_base_seconds=5)
        schedule = RetrySchedule.from_settings(settings, jitter=0)
        assert (schedule.max_attempts, schedule.base_seconds, schedule.jitter) == (3, 5, 0)
        assert schedule.suspend_after_failures == settings.webhook_suspend_after_failures
