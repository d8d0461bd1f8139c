"""Results on disk (``bench/results/<name>.json``) and on screen (a rich table)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.table import Table

from bench.stats import Summary

SCHEMA_VERSION = 1
COLUMNS = (
    ("p50_ms", "p50 ms"),
    ("p90_ms", "p90 ms"),
    ("p99_ms", "p99 ms"),
    ("max_ms", "max ms"),
    ("throughput_per_s", "events/s"),
)
HIDDEN = frozenset({"count", "mean_ms"})


def summary_document(summary: Summary) -> dict[str, Any]:
    """Return one figure as JSON: its median values, each run's values, target and verdict."""
    result = summary.result
    return {
        "name": result.name,
        "backend": result.backend,
        "values": dict(result.values),
        "runs": [dict(run) for run in summary.runs],
        "params": dict(result.params),
        "target": None
        if result.target is None
        else {
            "metric": result.target.metric,
            "limit": result.target.limit,
            "kind": result.target.kind,
            "text": result.target.describe(),
        },
        "met": result.met,
    }


def results_document(
    benchmark: str,
    summaries: Sequence[Summary],
    *,
    environment: Mapping[str, Any],
    repeat: int,
    quick: bool,
) -> dict[str, Any]:
    """Return the whole JSON document of one benchmark module's session."""
    return {
        "schema_version": SCHEMA_VERSION,
        "benchmark": benchmark,
        "repeat": repeat,
        "quick": quick,
        "aggregate": "median",
        "environment": dict(environment),
        "results": [summary_document(s) for s in summaries],
    }


def write_results(directory: Path, benchmark: str, document: Mapping[str, Any]) -> Path:
    """Write ``document`` to ``<directory>/<benchmark>.json`` and return the path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{benchmark}.json"
    path.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    return path


def format_value(value: float | None) -> str:
    """Format a figure for the table: blank when absent, fewer decimals as it grows."""
    if value is None:
        return ""
    if abs(value) >= 100 or value == int(value):
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _verdict(met: bool | None) -> str:
    return {True: "[green]met[/]", False: "[red]missed[/]", None: ""}[met]


def _others(values: Mapping[str, float]) -> str:
    shown = {key for key, _ in COLUMNS} | HIDDEN
    return ", ".join(f"{k}={format_value(v)}" for k, v in values.items() if k not in shown)


def render_table(rows: Sequence[tuple[str, Summary]], *, repeat: int) -> Table:
    """Return a table of every figure: benchmark, figure, backend, latencies, rate, target."""
    table = Table(title=f"Benchmarks (median of {repeat} run{'s' if repeat != 1 else ''})")
    table.add_column("benchmark")
    table.add_column("figure")
    table.add_column("backend")
    for _, header in COLUMNS:
        table.add_column(header, justify="right")
    table.add_column("other")
    table.add_column("target")
    table.add_column("met")
    for benchmark, summary in rows:
        result = summary.result
        table.add_row(
            benchmark,
            result.name,
            result.backend,
            *(format_value(result.values.get(key)) for key, _ in COLUMNS),
            _others(result.values),
            result.target.describe() if result.target else "",
            _verdict(result.met),
        )
    return table
