import json
from pathlib import Path
from typing import Any

from rich.console import Console

from bench.harness import Result, Target
from bench.report import format_value, render_table, results_document, write_results
from bench.stats import Summary, summarize

ENVIRONMENT: dict[str, Any] = {
    "cpu_count": 2,
    "python": "3.11.7",
    "git": {"commit": "abc", "dirty": False},
}


def _summaries() -> list[Summary]:
    target = Target("p99_ms", 20.0)
    return summarize(
        [
            [
                Result(
                    "backbone.db",
                    "sqlite",
                    {"p50_ms": 2.0, "p99_ms": 12.0, "count": 100.0},
                    target,
                    {"rate_per_s": 500},
                ),
                Result("backbone.max", "postgres", {"throughput_per_s": 1500.0, "errors": 0.0}),
            ],
            [
                Result(
                    "backbone.db",
                    "sqlite",
                    {"p50_ms": 4.0, "p99_ms": 30.0, "count": 100.0},
                    target,
                    {"rate_per_s": 500},
                ),
                Result("backbone.max", "postgres", {"throughput_per_s": 1700.0, "errors": 0.0}),
            ],
        ]
    )


class TestResultsDocument:
    def test_shape(self) -> None:
        doc = results_document(
            "backbone", _summaries(), environment=ENVIRONMENT, repeat=2, quick=False
        )
        assert doc["schema_version"] == 1
        assert doc["benchmark"] == "backbone"
        assert doc["repeat"] == 2
        assert doc["quick"] is False
        assert doc["aggregate"] == "median"
        assert doc["environment"] == ENVIRONMENT
        first, second = doc["results"]
        assert first == {
            "name": "backbone.db",
            "backend": "sqlite",
            "values": {"p50_ms": 3.0, "p99_ms": 21.0, "count": 100.0},
            "runs": [
                {"p50_ms": 2.0, "p99_ms": 12.0, "count": 100.0},
                {"p50_ms": 4.0, "p99_ms": 30.0, "count": 100.0},
            ],
            "params": {"rate_per_s": 500},
            "target": {
                "metric": "p99_ms",
                "limit": 20.0,
                "kind": "at_most",
                "text": "p99_ms <= 20",
            },
            "met": False,
        }
        assert second["target"] is None
        assert second["met"] is None
        assert second["values"] == {"throughput_per_s": 1600.0, "errors": 0.0}

    def test_written_as_json_named_after_the_benchmark(self, tmp_path: Path) -> None:
        doc = results_document(
            "backbone", _summaries(), environment=ENVIRONMENT, repeat=2, quick=True
        )
        path = write_results(tmp_path / "results", "backbone", doc)
        assert path == tmp_path / "results" / "backbone.json"
        assert json.loads(path.read_text()) == doc


class TestFormatValue:
    def test_precision_shrinks_as_values_grow(self) -> None:
        assert format_value(None) == ""
        assert format_value(1.23456) == "1.23"
        assert format_value(12.345) == "12.3"
        assert format_value(1234.5) == "1,234"

    def test_whole_numbers_have_no_decimals(self) -> None:
        assert format_value(0.0) == "0"
        assert format_value(3.0) == "3"


class TestRenderTable:
    def _text(self, rows: list[tuple[str, Summary]], repeat: int = 2) -> str:
        console = Console(width=200, record=True, color_system=None)
        console.print(render_table(rows, repeat=repeat))
        return console.export_text()

    def test_rows_columns_and_verdicts(self) -> None:
        text = self._text([("backbone", s) for s in _summaries()])
        assert "Benchmarks (median of 2 runs)" in text
        for header in (
            "benchmark",
            "figure",
            "backend",
            "p50 ms",
            "p99 ms",
            "events/s",
            "target",
            "met",
        ):
            assert header in text
        sqlite_line = next(line for line in text.splitlines() if "backbone.db" in line)
        assert "sqlite" in sqlite_line
        assert "│     21 │" in sqlite_line
        assert "p99_ms <= 20" in sqlite_line
        assert "missed" in sqlite_line
        max_line = next(line for line in text.splitlines() if "backbone.max" in line)
        assert "1,600" in max_line
        assert "errors=0" in max_line

    def test_single_run_title(self) -> None:
        assert "median of 1 run)" in self._text([], repeat=1)
