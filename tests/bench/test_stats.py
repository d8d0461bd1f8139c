import pytest

from bench.harness import Result, Target
from bench.stats import latency_summary, median_values, percentile, summarize


class TestPercentile:
    def test_interpolates_linearly_between_ranks(self) -> None:
        assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5

    def test_ends_are_min_and_max(self) -> None:
        samples = [5.0, 1.0, 9.0, 3.0]
        assert percentile(samples, 0) == 1.0
        assert percentile(samples, 100) == 9.0

    def test_p99_of_hundred_samples(self) -> None:
        samples = [float(i) for i in range(1, 101)]
        assert percentile(samples, 99) == pytest.approx(99.01)

    def test_single_sample(self) -> None:
        assert percentile([7.0], 99) == 7.0

    def test_refuses_no_samples(self) -> None:
        with pytest.raises(ValueError, match="no samples"):
            percentile([], 50)

    def test_refuses_out_of_range(self) -> None:
        with pytest.raises(ValueError, match="outside"):
            percentile([1.0], 101)


class TestLatencySummary:
    def test_reports_conventional_keys(self) -> None:
        summary = latency_summary([1.0, 2.0, 3.0, 4.0, 10.0])
        assert summary == {
            "count": 5.0,
            "p50_ms": 3.0,
            "p90_ms": pytest.approx(7.6),
            "p99_ms": pytest.approx(9.76),
            "max_ms": 10.0,
            "mean_ms": 4.0,
        }


class TestMedianValues:
    def test_median_per_key(self) -> None:
        runs: list[dict[str, float]] = [
            {"p99_ms": 10.0, "rate": 1.0},
            {"p99_ms": 30.0, "rate": 3.0},
            {"p99_ms": 20.0, "rate": 2.0},
        ]
        assert median_values(runs) == {"p99_ms": 20.0, "rate": 2.0}

    def test_even_number_of_runs_averages_the_middle(self) -> None:
        assert median_values([{"x": 1.0}, {"x": 2.0}, {"x": 4.0}, {"x": 8.0}]) == {"x": 3.0}

    def test_key_missing_in_some_runs_uses_the_runs_that_have_it(self) -> None:
        assert median_values([{"x": 1.0}, {"y": 5.0}, {"x": 3.0}]) == {"x": 2.0, "y": 5.0}


class TestSummarize:
    def test_groups_by_name_and_backend_and_keeps_each_run(self) -> None:
        target = Target("p99_ms", 20.0)
        runs = [
            [
                Result("a", "sqlite", {"p99_ms": 10.0}, target),
                Result("a", "postgres", {"p99_ms": 40.0}),
            ],
            [
                Result("a", "sqlite", {"p99_ms": 30.0}, target),
                Result("a", "postgres", {"p99_ms": 50.0}),
            ],
            [
                Result("a", "sqlite", {"p99_ms": 15.0}, target),
                Result("a", "postgres", {"p99_ms": 60.0}),
            ],
        ]
        summaries = summarize(runs)
        assert [s.result.key for s in summaries] == [("a", "sqlite"), ("a", "postgres")]
        sqlite = summaries[0]
        assert sqlite.result.values == {"p99_ms": 15.0}
        assert sqlite.runs == ({"p99_ms": 10.0}, {"p99_ms": 30.0}, {"p99_ms": 15.0})
        assert sqlite.result.met is True
        assert summaries[1].result.values == {"p99_ms": 50.0}


class TestTarget:
    def test_at_most(self) -> None:
        target = Target("p99_ms", 20.0)
        assert target.is_met({"p99_ms": 20.0}) is True
        assert target.is_met({"p99_ms": 20.5}) is False
        assert target.describe() == "p99_ms <= 20"

    def test_at_least(self) -> None:
        target = Target("throughput_per_s", 500.0, kind="at_least")
        assert target.is_met({"throughput_per_s": 499.0}) is False
        assert target.is_met({"throughput_per_s": 800.0}) is True
        assert target.describe() == "throughput_per_s >= 500"

    def test_missing_value_is_unknown(self) -> None:
        assert Target("p99_ms", 20.0).is_met({}) is None
        assert Result("a", "sqlite", {}, Target("p99_ms", 20.0)).met is None
        assert Result("a", "sqlite", {"p99_ms": 1.0}).met is None
