"""Render a briefing as Markdown or HTML, with its classification banner and audience."""

from __future__ import annotations

from html import escape

from briefings.early_warning import render as early_warning
from briefings.schemas import BriefingRead
from briefings.templates import COUNTRY_NAMES, label

MARKDOWN = "text/markdown"
HTML = "text/html"


def _banner(briefing: BriefingRead) -> str:
    return briefing.classification.value.replace("_", " ").upper()


def _facts(briefing: BriefingRead) -> list[tuple[str, str]]:
    released = briefing.released_at.isoformat(timespec="minutes") if briefing.released_at else "-"
    return [
        ("Kind", briefing.kind.value.replace("_", " ")),
        ("Status", f"{briefing.status.value} (version {briefing.version})"),
        (
            "Period",
            f"{briefing.period_start:%d %b %Y %H:%M} - {briefing.period_end:%d %b %Y %H:%M} UTC",
        ),
        ("Audience", ", ".join(briefing.audience)),
        ("Released", released),
    ]


def to_markdown(briefing: BriefingRead) -> str:
    """Return the briefing as a Markdown document."""
    banner = f"**{_banner(briefing)}**"
    lines = [banner, "", f"# {briefing.title}", ""]
    lines += [f"- {name}: {value}" for name, value in _facts(briefing)]
    sections = briefing.sections
    lines += ["", "## Overview", "", sections.overview, "", "## Developments by country", ""]
    for development in sections.developments:
        lines += [f"### {COUNTRY_NAMES.get(development.country, development.country)}", ""]
        lines += [development.summary, ""]
        for ref in development.incidents:
            where = f", {ref.admin1}" if ref.admin1 else ""
            what = f": {ref.title}" if ref.title else ""
            lines.append(
                f"- {ref.reference} ({label(ref.category)}, severity {ref.severity}{where}, "
                f"{ref.occurred_at:%d %b %Y}){what}"
            )
        if development.incidents:
            lines.append("")
    if sections.early_warning is not None:
        lines += early_warning.to_markdown(sections.early_warning)
    lines += ["## Outlook", "", sections.outlook, "", "## Recommendations", ""]
    lines += [f"{n}. {text}" for n, text in enumerate(sections.recommendations, start=1)]
    lines += ["", banner, ""]
    return "\n".join(lines)


def to_html(briefing: BriefingRead) -> str:
    """Return the briefing as a standalone HTML document (every text escaped)."""
    e = escape
    sections = briefing.sections
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="en"><head><meta charset="utf-8"><title>{e(briefing.title)}</title></head>',
        "<body>",
        f'<p class="classification"><strong>{e(_banner(briefing))}</strong></p>',
        f"<h1>{e(briefing.title)}</h1>",
        "<dl>",
        *(f"<dt>{e(name)}</dt><dd>{e(value)}</dd>" for name, value in _facts(briefing)),
        "</dl>",
        "<h2>Overview</h2>",
        f"<p>{e(sections.overview)}</p>",
        "<h2>Developments by country</h2>",
    ]
    for development in sections.developments:
        parts.append(f"<h3>{e(COUNTRY_NAMES.get(development.country, development.country))}</h3>")
        parts.append(f"<p>{e(development.summary)}</p>")
        if development.incidents:
            items = "".join(
                f"<li>{e(ref.reference)} ({e(label(ref.category))}, severity {ref.severity})"
                f"{': ' + e(ref.title) if ref.title else ''}</li>"
                for ref in development.incidents
            )
            parts.append(f"<ul>{items}</ul>")
    if sections.early_warning is not None:
        parts += early_warning.to_html(sections.early_warning)
    parts += ["<h2>Outlook</h2>", f"<p>{e(sections.outlook)}</p>", "<h2>Recommendations</h2>"]
    parts.append("<ol>" + "".join(f"<li>{e(t)}</li>" for t in sections.recommendations) + "</ol>")
    parts += [
        f'<p class="classification"><strong>{e(_banner(briefing))}</strong></p>',
        "</body></html>",
    ]
    return "\n".join(parts)
