"""Percentiles of latency samples and medians of repeated runs."""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from bench.harness import Result


def percentile(samples: Sequence[float], q: float) -> float:
    """Return the ``q``-th percentile (0-100) of ``samples``, linear between ranks."""
    if not samples:
        raise ValueError("no samples")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is outside 0-100")
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def latency_summary(samples_ms: Sequence[float]) -> dict[str, float]:
    """Return count, p50, p90, p99, max and mean (milliseconds) of latency samples."""
    return {
        "count": float(len(samples_ms)),
        "p50_ms": percentile(samples_ms, 50),
        "p90_ms": percentile(samples_ms, 90),
        "p99_ms": percentile(samples_ms, 99),
        "max_ms": float(max(samples_ms)),
        "mean_ms": statistics.fmean(samples_ms),
    }


def median_values(runs: Sequence[Mapping[str, float]]) -> dict[str, float]:
    """Return, for each key present in any run, the median of its values over the runs."""
    keys = list(dict.fromkeys(key for run in runs for key in run))
    return {key: float(statistics.median([run[key] for run in runs if key in run])) for key in keys}


@dataclass(frozen=True)
class Summary:
    """A figure's median over repeated runs, with each run's values kept."""

    result: Result
    runs: tuple[Mapping[str, float], ...]


def summarize(runs: Sequence[Sequence[Result]]) -> list[Summary]:
    """Group the results of repeated runs by (name, backend) and take the median of each value."""
    grouped: dict[tuple[str, str], list[Result]] = {}
    for run in runs:
        for result in run:
            grouped.setdefault(result.key, []).append(result)
    summaries = []
    for results in grouped.values():
        values = [r.values for r in results]
        median = replace(results[-1], values=median_values(values))
        summaries.append(Summary(result=median, runs=tuple(dict(v) for v in values)))
    return summaries
