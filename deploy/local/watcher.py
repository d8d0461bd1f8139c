"""The watch loop of a local run: restart what dies, keep the rest serving, stop on a start loop.

Each watched process is in one of three phases: *up* (it was ready and still runs), *starting* (it
was restarted and has not yet answered its readiness probe) or *waiting* (it ended and is restarted
once its back-off delay has passed). A :class:`RestartTracker` per process decides the delays and
when to give up; giving up raises :class:`ComponentFailed`, which stops the whole run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from deploy.local.processes import ManagedProcess
from deploy.local.readiness import Probe, tail
from deploy.local.restart_policy import Clock, GiveUp, RestartPolicy, RestartTracker

WATCH_INTERVAL_SECONDS = 0.5

Report = Callable[[str], None]
Respawn = Callable[[ManagedProcess], ManagedProcess]


class ComponentFailed(Exception):
    """A component kept failing at start; the message names it, says why and shows its log."""


class Phase(Enum):
    """Where a watched process stands."""

    UP = "up"
    STARTING = "starting"
    WAITING = "waiting"


@dataclass
class Watched:
    """One process under watch, with its readiness probe and restart history."""

    process: ManagedProcess
    probe: Probe
    tracker: RestartTracker
    phase: Phase = Phase.UP
    due: float = 0.0
    """When the restart is due (waiting) or the start must be ready by (starting)."""
    restarts: int = 0
    started_at: float = field(default=0.0)

    @property
    def name(self) -> str:
        """Return the process's name."""
        return self.process.name


class Watcher:
    """Keep a set of processes running until one of them keeps failing at start.

    The processes handed over are running and ready.
    """

    def __init__(
        self,
        processes: Sequence[tuple[ManagedProcess, Probe]],
        *,
        respawn: Respawn,
        policy: RestartPolicy,
        ready_timeout: float,
        report: Report,
        clock: Clock = time.monotonic,
    ) -> None:
        self._respawn = respawn
        self._ready_timeout = ready_timeout
        self._report = report
        self._clock = clock
        self.watched = [
            Watched(process, probe, RestartTracker(policy, clock), started_at=clock())
            for process, probe in processes
        ]
        for item in self.watched:
            item.tracker.became_ready()

    def run(self, sleep: Callable[[float], None] = time.sleep) -> None:
        """Watch until a component is given up on (raises ComponentFailed) or interrupted."""
        while True:
            sleep(WATCH_INTERVAL_SECONDS)
            self.check()

    def check(self) -> None:
        """Look at every process once and act: note exits, restart when due, probe starts."""
        for item in self.watched:
            if item.phase is Phase.WAITING:
                if self._clock() >= item.due:
                    self._restart(item)
                continue
            reason = item.process.exit_reason()
            if reason is not None:
                self._ended(item, reason)
            elif item.phase is Phase.STARTING:
                self._probe(item)

    def _restart(self, item: Watched) -> None:
        item.process = self._respawn(item.process)
        item.restarts += 1
        item.tracker.started()
        item.started_at = self._clock()
        item.phase = Phase.STARTING
        item.due = item.started_at + self._ready_timeout
        self._report(f"{item.name}: restarting (restart {item.restarts})")

    def _probe(self, item: Watched) -> None:
        if item.probe():
            item.tracker.became_ready()
            item.phase = Phase.UP
            elapsed = self._clock() - item.started_at
            self._report(f"{item.name}: ready again after {elapsed:.1f} s")
        elif self._clock() >= item.due:
            reason = f"{item.name} not ready after {self._ready_timeout:g} s"
            self._ended(item, reason + " (PDP_LOCAL_READY_TIMEOUT_SECONDS); stopping it")

    def _ended(self, item: Watched, reason: str) -> None:
        item.process.stop()  # whatever it spawned goes too, so nothing holds its port
        log_path = item.process.log_path
        decision = item.tracker.exited()
        if isinstance(decision, GiveUp):
            raise ComponentFailed(
                f"{item.name} failed to start {decision.failures} times in a row; giving up.\n"
                f"last failure: {reason}\n"
                f"--- last lines of {log_path} ---\n{tail(log_path)}"
            )
        item.phase = Phase.WAITING
        item.due = self._clock() + decision.delay
        self._report(
            f"{item.name}: {reason}; restarting in {decision.delay:.1f} s"
            f" (the others keep serving; see {log_path})"
        )
