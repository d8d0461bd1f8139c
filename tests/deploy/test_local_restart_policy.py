"""The restart policy: capped exponential back-off, reset after a long run, giving up on starts."""

from __future__ import annotations

import pytest

from deploy.local.restart_policy import (
    GiveUp,
    Restart,
    RestartPolicy,
    RestartTracker,
    restart_policy,
)


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _tracker(policy: RestartPolicy) -> tuple[RestartTracker, FakeClock]:
    clock = FakeClock()
    return RestartTracker(policy, clock), clock


def _crash_after_ready(tracker: RestartTracker, clock: FakeClock, up_for: float) -> Restart:
    tracker.started()
    tracker.became_ready()
    clock.advance(up_for)
    decision = tracker.exited()
    assert isinstance(decision, Restart)
    return decision


class TestDelay:
    def test_doubles_from_the_first_delay_up_to_the_cap(self) -> None:
        policy = RestartPolicy(initial_delay=0.5, max_delay=4.0)
        assert [policy.delay(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]

    def test_huge_counts_stay_at_the_cap(self) -> None:
        assert RestartPolicy(max_delay=30.0).delay(10_000) == 30.0

    @pytest.mark.parametrize(
        "kwargs",
        [
            {"initial_delay": 0.0},
            {"initial_delay": 5.0, "max_delay": 1.0},
            {"reset_after": 0.0},
            {"max_start_failures": 0},
        ],
    )
    def test_nonsense_is_refused(self, kwargs: dict[str, float]) -> None:
        with pytest.raises(ValueError, match=r"restart|failed start"):
            RestartPolicy(**kwargs)  # type: ignore[arg-type]


class TestTracker:
    def test_crashes_in_a_row_back_off_exponentially(self) -> None:
        tracker, clock = _tracker(RestartPolicy(initial_delay=1.0, max_delay=8.0, reset_after=60))
        delays = [_crash_after_ready(tracker, clock, up_for=5).delay for _ in range(5)]
        assert delays == [1.0, 2.0, 4.0, 8.0, 8.0]

    def test_staying_up_long_enough_resets_the_back_off(self) -> None:
        tracker, clock = _tracker(RestartPolicy(initial_delay=1.0, max_delay=8.0, reset_after=60))
        for _ in range(3):
            _crash_after_ready(tracker, clock, up_for=5)
        assert _crash_after_ready(tracker, clock, up_for=60).delay == 1.0
        assert _crash_after_ready(tracker, clock, up_for=1).delay == 2.0

    def test_crashes_after_becoming_ready_never_give_up(self) -> None:
        tracker, clock = _tracker(RestartPolicy(max_start_failures=2))
        for _ in range(10):
            _crash_after_ready(tracker, clock, up_for=1)

    def test_gives_up_after_failed_starts_in_a_row(self) -> None:
        tracker, clock = _tracker(RestartPolicy(initial_delay=1.0, max_start_failures=3))
        _crash_after_ready(tracker, clock, up_for=100)
        decisions = []
        for _ in range(3):
            tracker.started()
            clock.advance(0.5)
            decisions.append(tracker.exited())
        assert decisions == [Restart(2.0), Restart(4.0), GiveUp(3)]

    def test_a_ready_start_clears_the_failed_starts(self) -> None:
        tracker, clock = _tracker(RestartPolicy(max_start_failures=2))
        tracker.started()
        assert isinstance(tracker.exited(), Restart)
        _crash_after_ready(tracker, clock, up_for=1)
        tracker.started()
        assert isinstance(tracker.exited(), Restart)
        assert tracker.start_failures == 1

    def test_a_process_never_ready_from_its_first_start_counts(self) -> None:
        tracker, _ = _tracker(RestartPolicy(max_start_failures=1))
        assert tracker.exited() == GiveUp(1)


class TestFromSettings:
    def test_defaults(self) -> None:
        assert restart_policy({}) == RestartPolicy()

    def test_reads_every_setting(self) -> None:
        policy = restart_policy(
            {
                "PDP_LOCAL_RESTART_INITIAL_DELAY_SECONDS": "0.1",
                "PDP_LOCAL_RESTART_MAX_DELAY_SECONDS": "2",
                "PDP_LOCAL_RESTART_RESET_AFTER_SECONDS": "10",
                "PDP_LOCAL_RESTART_MAX_START_FAILURES": "3",
            }
        )
        assert policy == RestartPolicy(0.1, 2.0, 10.0, 3)

    @pytest.mark.parametrize(
        ("name", "value", "message"),
        [
            ("PDP_LOCAL_RESTART_MAX_DELAY_SECONDS", "soon", "must be a number"),
            ("PDP_LOCAL_RESTART_MAX_START_FAILURES", "2.5", "whole number"),
            ("PDP_LOCAL_RESTART_MAX_START_FAILURES", "0", "at least one"),
            ("PDP_LOCAL_RESTART_INITIAL_DELAY_SECONDS", "-1", "0 < initial"),
        ],
    )
    def test_bad_values_name_the_setting(self, name: str, value: str, message: str) -> None:
        with pytest.raises(ValueError, match=message):
            restart_policy({name: value})
