from __future__ import annotations

from bench.early_warning import data
from bench.early_warning.measure import assess_step, recompute


class TestEarlyWarningBench:
    def test_synthetic_record_is_bounded_and_seeded(self) -> None:
        first = list(data.records(500))
        assert len(first) == 500
        assert first == list(data.records(500))
        assert all(record.country in data.COUNTRIES for record in first)

    def test_figures_are_reported(self) -> None:
        step = assess_step(5)
        assert step.values["cpu_us_per_place_day"] >= 0
        assert step.params == {"days": 5, "windows": [7, 30]}
        results = recompute(3_000)
        assert [r.name for r in results] == [
            "aggregate_1m",
            "recompute_all_places_1m",
            "replay_year_1m",
        ]
        assert all(r.backend == "none" for r in results)
        assert results[1].params["places"] > 1
