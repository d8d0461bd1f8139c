"""The measured phases: a steady open-loop rate, and a ramp to the highest sustained rate."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bench.backbone.load import DriveOutcome, drive_open_loop
from bench.backbone.running import ProbeService
from bench.stats import latency_summary, percentile

MAX_IN_FLIGHT = 512
DRAIN_SECONDS = 30.0
SUSTAINED_FRACTION = 0.95
SUSTAINED_P99_MS = 250.0


@dataclass(frozen=True)
class PhaseReport:
    """The outcome of one phase: the load, the latencies and whether everything was applied."""

    outcome: DriveOutcome
    latencies_ms: list[float]
    write_ms: list[float]
    drained: bool
    applied_rate: float
    cpu_seconds: float = 0.0

    def values(self) -> dict[str, float]:
        """Return latency percentiles, rates and losses of this phase."""
        values = latency_summary(self.latencies_ms) if self.latencies_ms else {}
        values["throughput_per_s"] = self.applied_rate
        values["write_rate_per_s"] = self.outcome.achieved_rate
        if self.write_ms:
            values["write_p99_ms"] = percentile(self.write_ms, 99)
        if self.latencies_ms:
            values["cpu_ms_per_event"] = self.cpu_seconds * 1000 / len(self.latencies_ms)
        values["issued"] = float(self.outcome.issued)
        values["overloaded"] = float(self.outcome.overloaded)
        values["not_applied"] = float(self.outcome.issued - len(self.latencies_ms))
        values["errors"] = float(self.outcome.errors)
        return values

    def sustained(self) -> bool:
        """Tell whether the system kept up: on schedule, all applied, latency bounded."""
        rate = self.outcome.rate
        return (
            self.drained
            and not self.outcome.overloaded
            and self.outcome.errors == 0
            and self.outcome.issued == self.outcome.planned
            and self.outcome.achieved_rate >= SUSTAINED_FRACTION * rate
            and self.applied_rate >= SUSTAINED_FRACTION * rate
            and bool(self.latencies_ms)
            and percentile(self.latencies_ms, 99) <= SUSTAINED_P99_MS
        )


async def run_phase(service: ProbeService, *, via: str, rate: float, seconds: float) -> PhaseReport:
    """Write probes at ``rate`` per second for ``seconds`` through ``via``; wait until applied."""
    seqs = service.take(max(1, int(rate * seconds)))
    await service.drain(0)
    cpu_started = service.cpu_seconds()
    outcome = await drive_open_loop(
        service.writer(via),
        rate=rate,
        count=len(seqs),
        first_seq=seqs.start,
        max_in_flight=MAX_IN_FLIGHT,
    )
    drained = await service.drain(DRAIN_SECONDS)
    cpu_seconds = service.cpu_seconds() - cpu_started
    clock = service.clock
    applied = [clock.applied[s] for s in seqs if s in clock.applied and s in clock.written]
    span_s = (max(applied) - outcome.started_ns) / 1e9 if applied else 0.0
    write_ms = [
        (clock.written[s] - due) / 1e6
        for s, due in outcome.scheduled_ns.items()
        if s in clock.written
    ]
    return PhaseReport(
        outcome=outcome,
        latencies_ms=clock.latencies_ms(seqs),
        write_ms=write_ms,
        drained=drained,
        applied_rate=len(applied) / span_s if span_s > 0 else 0.0,
        cpu_seconds=cpu_seconds,
    )


async def ramp(
    service: ProbeService,
    *,
    rates: Sequence[float],
    seconds: float,
    log: Callable[[str], None],
) -> tuple[PhaseReport | None, float | None]:
    """Raise the rate step by step; return the last sustained step and the first failed rate."""
    best: PhaseReport | None = None
    for rate in rates:
        report = await run_phase(service, via="db", rate=rate, seconds=seconds)
        values = report.values()
        log(
            f"  ramp {rate:g}/s: applied {values['throughput_per_s']:.0f}/s, "
            f"p99 {values.get('p99_ms', float('nan')):.1f} ms, "
            f"{'sustained' if report.sustained() else 'not sustained'}"
        )
        if not report.sustained():
            return best, rate
        best = report
    return best, None
