"""A small trend chart as inline SVG, drawn on the server (no script, no library)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT, PAD = 640, 160, 24


@dataclass(frozen=True)
class Bar:
    """One bar: its position, size, count and the label of its period."""

    x: float
    y: float
    width: float
    height: float
    count: int
    label: str


@dataclass(frozen=True)
class TrendChart:
    """The bars of a trend chart and the size of its drawing."""

    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: float = HEIGHT - PAD
    peak: int = 0


def trend_chart(weeks: Sequence[tuple[date, int]]) -> TrendChart:
    """Lay out one bar per week, heights proportional to the largest count."""
    if not weeks:
        return TrendChart(bars=[])
    peak = max(count for _, count in weeks) or 1
    slot = (WIDTH - 2 * PAD) / len(weeks)
    usable = HEIGHT - 2 * PAD
    bars = []
    for index, (start, count) in enumerate(weeks):
        height = usable * count / peak
        bars.append(
            Bar(
                x=round(PAD + index * slot + slot * 0.1, 1),
                y=round(HEIGHT - PAD - height, 1),
                width=round(max(slot * 0.8, 1.0), 1),
                height=round(height, 1),
                count=count,
                label=start.isoformat(),
            )
        )
    return TrendChart(bars=bars, peak=peak)
