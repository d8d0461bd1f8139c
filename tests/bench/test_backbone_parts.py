import asyncio

from bench.backbone.clock import ProbeClock
from bench.backbone.load import DriveOutcome, drive_open_loop
from bench.backbone.phases import PhaseReport


def _stamp(clock: ProbeClock, seq: int, written_ns: int, applied_ns: int) -> None:
    clock.written[seq] = written_ns
    clock._stamp_applied(seq, applied_ns)


class TestProbeClock:
    def test_latency_is_applied_minus_written(self) -> None:
        clock = ProbeClock()
        _stamp(clock, 0, 1_000_000, 3_500_000)
        _stamp(clock, 1, 2_000_000, 12_000_000)
        assert clock.latencies_ms(range(2)) == [2.5, 10.0]

    def test_probes_not_applied_or_outside_the_range_are_left_out(self) -> None:
        clock = ProbeClock()
        _stamp(clock, 0, 0, 1_000_000)
        clock.written[1] = 0
        _stamp(clock, 5, 0, 1_000_000)
        assert clock.latencies_ms(range(2)) == [1.0]

    def test_first_apply_counts(self) -> None:
        clock = ProbeClock()
        _stamp(clock, 0, 0, 1_000_000)
        clock._stamp_applied(0, 9_000_000)
        assert clock.latencies_ms(range(1)) == [1.0]


class TestDriveOpenLoop:
    async def test_starts_every_write_and_counts_failures(self) -> None:
        seen: list[int] = []

        async def write(seq: int) -> None:
            seen.append(seq)
            if seq == 12:
                raise RuntimeError("refused")

        outcome = await drive_open_loop(write, rate=5000, count=5, first_seq=10, max_in_flight=10)
        assert sorted(seen) == [10, 11, 12, 13, 14]
        assert outcome.issued == 5
        assert outcome.completed == 4
        assert outcome.errors == 1
        assert outcome.first_error == "RuntimeError: refused"
        assert not outcome.overloaded

    async def test_stops_when_too_many_writes_are_unfinished(self) -> None:
        release = asyncio.Event()

        async def write(seq: int) -> None:
            if seq == 2:
                # the third write is in flight: let all finish once the driver has looked again
                asyncio.get_running_loop().call_later(0.5, release.set)
            await release.wait()

        outcome = await drive_open_loop(write, rate=10_000, count=100, first_seq=0, max_in_flight=3)
        assert outcome.overloaded
        assert outcome.issued == 3
        assert outcome.completed == 3


def _report(*, issued: int, latencies: list[float], rate: float = 100.0) -> PhaseReport:
    outcome = DriveOutcome(rate=rate, planned=100, started_ns=0, finished_ns=1_000_000_000)
    outcome.scheduled_ns = dict.fromkeys(range(issued), 0)
    outcome.completed = issued
    return PhaseReport(
        outcome=outcome,
        latencies_ms=latencies,
        write_ms=[1.0] * issued,
        drained=True,
        applied_rate=float(len(latencies)),
        cpu_seconds=0.25,
    )


class TestPhaseReport:
    def test_values(self) -> None:
        values = _report(issued=100, latencies=[5.0] * 100).values()
        assert values["p99_ms"] == 5.0
        assert values["throughput_per_s"] == 100.0
        assert values["write_rate_per_s"] == 100.0
        assert values["write_p99_ms"] == 1.0
        assert values["cpu_ms_per_event"] == 2.5
        assert values["issued"] == 100.0
        assert values["not_applied"] == 0.0
        assert values["overloaded"] == 0.0

    def test_sustained_when_on_schedule_applied_and_bounded(self) -> None:
        assert _report(issued=100, latencies=[5.0] * 100).sustained()

    def test_not_sustained_when_latency_explodes(self) -> None:
        assert not _report(issued=100, latencies=[5.0] * 90 + [900.0] * 10).sustained()

    def test_not_sustained_when_writes_fell_behind(self) -> None:
        assert not _report(issued=60, latencies=[5.0] * 60).sustained()

    def test_not_sustained_without_applies(self) -> None:
        report = _report(issued=100, latencies=[])
        assert not report.sustained()
        assert "p99_ms" not in report.values()
        assert report.values()["not_applied"] == 100.0
