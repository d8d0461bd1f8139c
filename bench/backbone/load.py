"""An open-loop load: writes start on a fixed schedule whether or not earlier ones finished, so a
slow write or a slow consumer shows up as latency instead of silently lowering the rate."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Write = Callable[[int], Awaitable[object]]


@dataclass
class DriveOutcome:
    """What happened while driving one schedule."""

    rate: float
    planned: int
    scheduled_ns: dict[int, int] = field(default_factory=dict)
    completed: int = 0
    errors: int = 0
    first_error: str | None = None
    overloaded: bool = False
    started_ns: int = 0
    finished_ns: int = 0

    @property
    def issued(self) -> int:
        """Return how many writes were started."""
        return len(self.scheduled_ns)

    @property
    def achieved_rate(self) -> float:
        """Return completed writes per second over the whole schedule."""
        seconds = (self.finished_ns - self.started_ns) / 1e9
        return self.completed / seconds if seconds > 0 else 0.0


async def drive_open_loop(
    write: Write, *, rate: float, count: int, first_seq: int, max_in_flight: int
) -> DriveOutcome:
    """Start ``write(seq)`` ``count`` times at ``rate`` per second; stop early when more than
    ``max_in_flight`` writes are unfinished (the system cannot keep up); wait for the rest."""
    outcome = DriveOutcome(rate=rate, planned=count)
    in_flight: set[asyncio.Task[None]] = set()

    async def one(seq: int) -> None:
        try:
            await write(seq)
        except Exception as exc:
            outcome.errors += 1
            outcome.first_error = outcome.first_error or f"{type(exc).__name__}: {exc}"
        else:
            outcome.completed += 1

    interval_ns = int(1e9 / rate)
    outcome.started_ns = time.monotonic_ns()
    for index in range(count):
        due = outcome.started_ns + index * interval_ns
        delay = (due - time.monotonic_ns()) / 1e9
        if delay > 0:
            await asyncio.sleep(delay)
        if len(in_flight) >= max_in_flight:
            outcome.overloaded = True
            break
        seq = first_seq + index
        outcome.scheduled_ns[seq] = due
        task = asyncio.create_task(one(seq))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)
    if in_flight:
        await asyncio.gather(*in_flight)
    outcome.finished_ns = time.monotonic_ns()
    return outcome
