"""The factors that explain an assessment, each with a sentence an analyst can read in an alert.

Every factor compares the window with what the baseline led us to expect for a window of the same
length: incidents, weighted score, casualties, mean severity, mean source confidence, and the trend
against the window just before.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidents.early_warning.series import Totals


@dataclass(frozen=True, slots=True)
class Factor:
    """One reason behind an assessment: a value, what it is compared with, and a sentence."""

    name: str
    value: float
    baseline: float | None
    description: str


def _ratio(value: float, baseline: float) -> str:
    """Return ' (3.2x)' for a meaningful ratio, else ''."""
    return f" ({value / baseline:.1f}x)" if baseline > 0 else ""


def _mean(total: float, count: float) -> float | None:
    return total / count if count > 0 else None


def _mean_factor(name: str, label: str, window: float | None, reference: float | None) -> Factor:
    if window is None:
        return Factor(name, 0.0, reference, f"no incidents in the window to give a {label}")
    against = "no baseline" if reference is None else f"{reference:.2f} in the baseline"
    return Factor(name, window, reference, f"{label} {window:.2f} against {against}")


def explain(
    *,
    window_days: int,
    observed: Totals,
    expected: Totals,
    previous: float,
    source: str,
) -> tuple[Factor, ...]:
    """Return the factors comparing ``observed`` with ``expected`` (from ``source``)."""
    days = f"the last {window_days} days"
    trend = observed.weight - previous
    change = f"up {trend:.1f}" if trend > 0 else f"down {-trend:.1f}" if trend < 0 else "unchanged"
    trend_text = f"weighted score {change} on the previous {window_days} days ({previous:.1f})"
    return (
        Factor(
            "incidents",
            observed.incidents,
            expected.incidents,
            f"{observed.incidents:.0f} incidents in {days} against {expected.incidents:.1f} "
            f"expected{_ratio(observed.incidents, expected.incidents)}",
        ),
        Factor(
            "weighted_score",
            observed.weight,
            expected.weight,
            f"weighted score {observed.weight:.1f} against {expected.weight:.1f} expected"
            f"{_ratio(observed.weight, expected.weight)} from {source}",
        ),
        Factor(
            "casualties",
            observed.casualties,
            expected.casualties,
            f"{observed.casualties:.0f} casualties in {days} against "
            f"{expected.casualties:.1f} expected{_ratio(observed.casualties, expected.casualties)}",
        ),
        _mean_factor(
            "mean_severity",
            "mean severity",
            _mean(observed.severity_sum, observed.incidents),
            _mean(expected.severity_sum, expected.incidents),
        ),
        _mean_factor(
            "mean_confidence",
            "mean source confidence",
            _mean(observed.confidence_sum, observed.incidents),
            _mean(expected.confidence_sum, expected.incidents),
        ),
        Factor("trend", trend, previous, trend_text),
    )
