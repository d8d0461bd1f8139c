"""When to restart a component that died, and when to give up on it.

A component that ends on its own is started again after a delay that doubles with each exit in a
row (capped), and falls back to the first delay once a start has stayed up for a while. A component
that fails again and again before ever answering its readiness probe is given up on: the run stops.
Pure logic with an injected clock; the watch loop acts on its answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Clock = Callable[[], float]

DEFAULT_INITIAL_DELAY_SECONDS = 0.5
DEFAULT_MAX_DELAY_SECONDS = 30.0
DEFAULT_RESET_AFTER_SECONDS = 60.0
DEFAULT_MAX_START_FAILURES = 5


@dataclass(frozen=True, slots=True)
class RestartPolicy:
    """How quickly to restart, up to what delay, and how many failed starts in a row to allow."""

    initial_delay: float = DEFAULT_INITIAL_DELAY_SECONDS
    max_delay: float = DEFAULT_MAX_DELAY_SECONDS
    reset_after: float = DEFAULT_RESET_AFTER_SECONDS
    max_start_failures: int = DEFAULT_MAX_START_FAILURES

    def __post_init__(self) -> None:
        if not 0 < self.initial_delay <= self.max_delay:
            raise ValueError("restart delays must satisfy 0 < initial <= max")
        if self.reset_after <= 0:
            raise ValueError("the restart reset time must be positive")
        if self.max_start_failures < 1:
            raise ValueError("at least one failed start must be allowed")

    def delay(self, exits_in_a_row: int) -> float:
        """Return the wait before the restart that follows the ``exits_in_a_row``-th exit (>= 1)."""
        exponent = min(max(exits_in_a_row, 1) - 1, 32)
        return min(self.max_delay, self.initial_delay * 2.0**exponent)


def _number(settings: Mapping[str, str], name: str, default: float) -> float:
    raw = settings.get(name) or str(default)
    try:
        return float(raw)
    except ValueError as exc:
        raise ValueError(f"{name} must be a number, got {raw!r}") from exc


def restart_policy(settings: Mapping[str, str]) -> RestartPolicy:
    """Return the policy of a local run from its ``PDP_LOCAL_RESTART_*`` settings."""
    failures = _number(settings, "PDP_LOCAL_RESTART_MAX_START_FAILURES", DEFAULT_MAX_START_FAILURES)
    if failures != int(failures):
        raise ValueError("PDP_LOCAL_RESTART_MAX_START_FAILURES must be a whole number")
    try:
        return RestartPolicy(
            initial_delay=_number(
                settings, "PDP_LOCAL_RESTART_INITIAL_DELAY_SECONDS", DEFAULT_INITIAL_DELAY_SECONDS
            ),
            max_delay=_number(
                settings, "PDP_LOCAL_RESTART_MAX_DELAY_SECONDS", DEFAULT_MAX_DELAY_SECONDS
            ),
            reset_after=_number(
                settings, "PDP_LOCAL_RESTART_RESET_AFTER_SECONDS", DEFAULT_RESET_AFTER_SECONDS
            ),
            max_start_failures=int(failures),
        )
    except ValueError as exc:
        raise ValueError(f"PDP_LOCAL_RESTART_* settings: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Restart:
    """Start the component again after ``delay`` seconds."""

    delay: float


@dataclass(frozen=True, slots=True)
class GiveUp:
    """Stop trying: the component failed ``failures`` starts in a row."""

    failures: int


class RestartTracker:
    """The restart history of one component."""

    def __init__(self, policy: RestartPolicy, clock: Clock = time.monotonic) -> None:
        self.policy = policy
        self._clock = clock
        self._started_at = clock()
        self._ready = False
        self.exits_in_a_row = 0
        self.start_failures = 0

    def started(self) -> None:
        """Note that the component was (re)started just now."""
        self._started_at = self._clock()
        self._ready = False

    def became_ready(self) -> None:
        """Note that the component answered its readiness probe since its last start."""
        self._ready = True
        self.start_failures = 0

    def exited(self) -> Restart | GiveUp:
        """Note that the component ended (or was stopped for not becoming ready); say what next."""
        if self._clock() - self._started_at >= self.policy.reset_after:
            self.exits_in_a_row = 0
        self.exits_in_a_row += 1
        if not self._ready:
            self.start_failures += 1
            if self.start_failures >= self.policy.max_start_failures:
                return GiveUp(self.start_failures)
        return Restart(self.policy.delay(self.exits_in_a_row))
