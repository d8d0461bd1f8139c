"""The early-warning section in Markdown and HTML."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from briefings.early_warning import render
from briefings.early_warning.schemas import AlertRef, EarlyWarningSection
from briefings.early_warning.vocabulary import AlertTrend
from pdp_common.identity import Clearance


def ref(**fields: object) -> AlertRef:
    values: dict[str, object] = {
        "alert_id": uuid.UUID(int=1),
        "country": "TJK",
        "admin1": None,
        "category": None,
        "window_days": 30,
        "observed": 4.04,
        "expected": 3.1,
        "score": 1.2,
        "peak_score": 2.9,
        "trend": AlertTrend.EASING,
        "raised_at": datetime(2026, 11, 20, 6, tzinfo=UTC),
        "subsided_at": datetime(2026, 12, 5, 6, tzinfo=UTC),
        "factors": ["protests <in> 3 districts & more"],
        "sensitivity": Clearance.INTERNAL,
    }
    return AlertRef.model_validate(values | fields)


class TestDescribe:
    def test_a_subsided_alert_on_every_threat_of_a_country(self) -> None:
        assert render.describe(ref()) == (
            "Tajikistan, all threats (30-day window): observed 4.0 against 3.1 expected, "
            "score 1.2 (easing; peak 2.9), open since 20 Nov 2026, subsided 05 Dec 2026."
        )


class TestMarkdown:
    def test_only_the_lists_with_alerts_are_shown(self) -> None:
        section = EarlyWarningSection(summary="One subsided.", subsided_alerts=[ref()])
        lines = render.to_markdown(section)
        assert lines[:4] == ["## Early warning", "", "One subsided.", ""]
        assert "### Open alerts" not in lines
        assert "### Subsided in the period" in lines
        assert "   Factors: protests <in> 3 districts & more" in lines


class TestHtml:
    def test_every_text_is_escaped(self) -> None:
        section = EarlyWarningSection(summary="<b>all</b>", open_alerts=[ref(subsided_at=None)])
        html = "\n".join(render.to_html(section))
        assert "<p>&lt;b&gt;all&lt;/b&gt;</p>" in html
        assert "Factors: protests &lt;in&gt; 3 districts &amp; more" in html
        assert "<h3>Subsided in the period</h3>" not in html
