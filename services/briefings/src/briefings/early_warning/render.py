"""The early-warning section in Markdown and HTML."""

from __future__ import annotations

from html import escape

from briefings.early_warning.schemas import AlertRef, EarlyWarningSection
from briefings.early_warning.templates import place, threat

HEADING = "Early warning"


def describe(ref: AlertRef) -> str:
    """Return one alert in words: place, threat, window, observed against expected, trend."""
    line = (
        f"{place(ref)}, {threat(ref)} ({ref.window_days}-day window): observed "
        f"{ref.observed:.1f} against {ref.expected:.1f} expected, score {ref.score:.1f} "
        f"({ref.trend.value}; peak {ref.peak_score:.1f}), open since {ref.raised_at:%d %b %Y}"
    )
    if ref.subsided_at is not None:
        line += f", subsided {ref.subsided_at:%d %b %Y}"
    return line + "."


def _factors(ref: AlertRef) -> str:
    return "; ".join(ref.factors)


def to_markdown(section: EarlyWarningSection) -> list[str]:
    """Return the section's Markdown lines."""
    lines = [f"## {HEADING}", "", section.summary, ""]
    for heading, alerts in (
        ("Open alerts", section.open_alerts),
        ("Subsided in the period", section.subsided_alerts),
    ):
        if not alerts:
            continue
        lines += [f"### {heading}", ""]
        for n, ref in enumerate(alerts, start=1):
            lines.append(f"{n}. {describe(ref)}")
            if ref.factors:
                lines.append(f"   Factors: {_factors(ref)}")
        lines.append("")
    return lines


def to_html(section: EarlyWarningSection) -> list[str]:
    """Return the section's HTML fragments (every text escaped)."""
    e = escape
    parts = [f"<h2>{HEADING}</h2>", f"<p>{e(section.summary)}</p>"]
    for heading, alerts in (
        ("Open alerts", section.open_alerts),
        ("Subsided in the period", section.subsided_alerts),
    ):
        if not alerts:
            continue
        items = "".join(
            f"<li>{e(describe(ref))}"
            + (f"<br>Factors: {e(_factors(ref))}" if ref.factors else "")
            + "</li>"
            for ref in alerts
        )
        parts += [f"<h3>{heading}</h3>", f'<ol class="early-warning">{items}</ol>']
    return parts
