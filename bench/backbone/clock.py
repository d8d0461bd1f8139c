"""Commit timestamps of probe writes and of their consumers' transactions, in one process.

A session that wrote (or applied) a probe carries a mark in ``session.info``; right after its COMMIT
returns, a listener stamps ``time.monotonic_ns()`` against the probe's sequence number.
"""

from __future__ import annotations

import time

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

WRITTEN = "bench_probe_written"
APPLIED = "bench_probe_applied"


class ProbeClock:
    """When each probe's write committed and when its consumer's transaction committed."""

    def __init__(self) -> None:
        self.written: dict[int, int] = {}
        self.applied: dict[int, int] = {}

    def mark_written(self, session: AsyncSession, seq: int) -> None:
        """Stamp ``seq`` as written when ``session`` commits."""
        session.info.setdefault(WRITTEN, []).append((self, seq))

    def mark_applied(self, session: AsyncSession, seq: int) -> None:
        """Stamp ``seq`` as applied when ``session`` commits."""
        session.info.setdefault(APPLIED, []).append((self, seq))

    def _stamp_applied(self, seq: int, now: int) -> None:
        self.applied.setdefault(seq, now)

    def latencies_ms(self, seqs: range) -> list[float]:
        """Return commit-to-applied latencies (ms) of the probes in ``seqs`` written and applied."""
        return [
            (self.applied[seq] - self.written[seq]) / 1e6
            for seq in seqs
            if seq in self.written and seq in self.applied
        ]


@event.listens_for(Session, "after_commit")
def _stamp_after_commit(session: Session) -> None:
    now = time.monotonic_ns()
    for clock, seq in session.info.pop(WRITTEN, ()):
        clock.written[seq] = now
    for clock, seq in session.info.pop(APPLIED, ()):
        clock._stamp_applied(seq, now)


@event.listens_for(Session, "after_rollback")
def _forget_after_rollback(session: Session) -> None:
    session.info.pop(WRITTEN, None)
    session.info.pop(APPLIED, None)
